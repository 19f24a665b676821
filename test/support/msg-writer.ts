import { burn, type Entry } from '@kenjiuno/msgreader/lib/Burner.js';
import { TypeEnum } from '@kenjiuno/msgreader/lib/Reader.js';

// Writes Outlook .msg files for tests ([MS-OXMSG]: a compound file whose
// streams are MAPI properties), with the compound-file writer that ships with
// the .msg reader. Only the properties the card reads: the transport headers
// of a received message, subject, plain body, sender and recipients.

export interface MsgInput {
  /** PR_TRANSPORT_MESSAGE_HEADERS: the header block it arrived with; absent for a message never sent. */
  headers?: string;
  subject: string;
  body: string;
  senderName: string;
  senderEmail: string;
  messageId?: string;
  recipients: { name: string; email: string; type: 'to' | 'cc' }[];
}

const utf16 = (text: string): Uint8Array => {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[i * 2] = text.charCodeAt(i) & 0xff;
    out[i * 2 + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
};

/** A properties stream: a header of `headerBytes`, then one 16-byte entry per fixed-size property. */
function propertiesStream(headerBytes: number, ints: [tag: number, value: number][]): Uint8Array {
  const out = new Uint8Array(headerBytes + ints.length * 16);
  const view = new DataView(out.buffer);
  ints.forEach(([tag, value], i) => {
    view.setUint32(headerBytes + i * 16, tag, true);
    view.setUint32(headerBytes + i * 16 + 4, 0x6, true); // readable + writable
    view.setUint32(headerBytes + i * 16 + 8, value, true);
  });
  return out;
}

export function writeMsg(input: MsgInput): Uint8Array {
  const entries: Entry[] = [{ name: 'Root Entry', type: TypeEnum.ROOT, children: [], length: 0 }];
  const add = (parent: number, name: string, data?: Uint8Array): number => {
    const index = entries.length;
    entries.push(
      data
        ? { name, type: TypeEnum.DOCUMENT, length: data.length, binaryProvider: () => data }
        : { name, type: TypeEnum.DIRECTORY, length: 0, children: [] },
    );
    entries[parent]!.children!.push(index);
    return index;
  };
  const text = (parent: number, id: string, value: string) =>
    add(parent, `__substg1.0_${id}001F`, utf16(value));

  add(0, '__properties_version1.0', propertiesStream(32, []));
  text(0, '001A', 'IPM.Note');
  text(0, '0037', input.subject);
  text(0, '1000', input.body);
  text(0, '0C1A', input.senderName);
  text(0, '0042', input.senderName);
  text(0, '0C1F', input.senderEmail);
  text(0, '5D01', input.senderEmail);
  if (input.messageId) text(0, '1035', `<${input.messageId}>`);
  if (input.headers !== undefined) text(0, '007D', input.headers);
  input.recipients.forEach((r, i) => {
    const dir = add(0, `__recip_version1.0_#${i.toString(16).toUpperCase().padStart(8, '0')}`);
    // PR_RECIPIENT_TYPE: 1 to, 2 cc.
    add(dir, '__properties_version1.0', propertiesStream(8, [[0x0c150003, r.type === 'cc' ? 2 : 1]]));
    text(dir, '3001', r.name);
    text(dir, '3003', r.email);
    text(dir, '39FE', r.email);
  });
  return burn(entries);
}
