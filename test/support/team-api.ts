// The team server's API as the tests and the team demo call it (no browser).

export const PASSWORD = 'a long test password';

export interface SignedIn {
  token: string;
  user: { id: string; name: string; email: string; role: string };
}

export async function signInApi(serverUrl: string, email: string, password = PASSWORD): Promise<SignedIn> {
  const response = await fetch(`${serverUrl}/api/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email}: ${response.status}`);
  return (await response.json()) as SignedIn;
}

/** A call to the team API with a person's token (GET without a body, POST with one). */
export function api(serverUrl: string, token: string, url: string, body?: unknown): Promise<Response> {
  return fetch(serverUrl + url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
