import { A, ADMIN, api, expect, signIn, signInApi, test, type Profile } from '../support/team-browser';

// The admin's people list in the options page: disabling a person signs them out
// everywhere at once (their token is refused, a new sign-in too); enabling lets
// them sign in again. In English and in Chinese, at the side panel's width.

test.describe.configure({ timeout: 300_000 });

const shot = (p: Profile, file: string) =>
  p.options.getByTestId('team-people').screenshot({ path: test.info().outputPath(file) });

test('the admin disables a rep, who is signed out at once, and enables her again', async ({
  server,
  profile,
}) => {
  const admin = await profile();
  await admin.options.setViewportSize({ width: 420, height: 900 });
  await signIn(admin, server.url, ADMIN.email);
  const people = admin.options.getByTestId('team-people');
  const rep = people.getByTestId('team-person').filter({ hasText: A.email });
  await expect(rep).toBeVisible();
  // The admin's own row offers nothing to do (an admin does not lock themselves out).
  const self = people.getByTestId('team-person').filter({ hasText: ADMIN.email });
  await expect(self).toContainText('you');
  await expect(self.getByRole('button')).toHaveCount(0);
  const session = await signInApi(server.url, A.email);

  // Disabling asks first; cancelling changes nothing.
  await rep.getByRole('button', { name: `Disable ${A.name}` }).click();
  await expect(rep).toContainText(`Disable ${A.name}? They are signed out everywhere at once`);
  await shot(admin, 'people-confirm-en.png');
  await rep.getByRole('button', { name: 'Cancel' }).click();
  expect((await api(server.url, session.token, '/api/me')).status).toBe(200);

  await rep.getByRole('button', { name: `Disable ${A.name}` }).click();
  await rep.getByRole('button', { name: 'Disable', exact: true }).click();
  await expect(people.getByRole('status')).toHaveText(`${A.name} is disabled and signed out.`);
  await expect(rep.locator('.badge')).toHaveText('disabled');
  await expect(rep.getByRole('button', { name: `Enable ${A.name}` })).toBeVisible();
  expect((await api(server.url, session.token, '/api/me')).status).toBe(401);
  await expect(signInApi(server.url, A.email)).rejects.toThrow(/401/);
  await shot(admin, 'people-disabled-en.png');

  // In Chinese: the same list, and enabling her again.
  await admin.options.getByRole('tab', { name: 'General' }).click();
  await admin.options.getByTestId('language-switch').selectOption('zh-CN');
  await admin.options.getByRole('tab', { name: '团队', exact: true }).click();
  await expect(rep.locator('.badge')).toHaveText('已停用');
  await shot(admin, 'people-disabled-zh.png');
  await rep.getByRole('button', { name: `启用 ${A.name}` }).click();
  await expect(people.getByRole('status')).toHaveText(`${A.name} 可以重新登录了。`);
  await expect(rep.locator('.badge')).toHaveCount(0);
  await rep.getByRole('button', { name: `停用 ${A.name}` }).click();
  await expect(rep).toContainText(`停用 ${A.name}？`);
  await shot(admin, 'people-confirm-zh.png');
  await rep.getByRole('button', { name: '取消' }).click();
  const back = await signInApi(server.url, A.email);
  expect((await api(server.url, back.token, '/api/me')).status).toBe(200);
  // The token revoked when she was disabled stays revoked.
  expect((await api(server.url, session.token, '/api/me')).status).toBe(401);
});
