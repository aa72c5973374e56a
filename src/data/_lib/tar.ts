/**
 * A minimal ustar writer (regular files only) for archive data loaders: Framework serves each member of
 * `data/x.tar` as `data/x/<member>`, so one loader run can produce many small files.
 */

function header(name: string, size: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar member name too long: ${name}`);
  const block = Buffer.alloc(512, 0);
  const field = (offset: number, length: number, text: string) => block.write(text, offset, length, "utf8");
  const octal = (offset: number, length: number, value: number) => field(offset, length, value.toString(8).padStart(length - 1, "0") + "\0");
  field(0, 100, name);
  octal(100, 8, 0o644); // mode
  octal(108, 8, 0); // uid
  octal(116, 8, 0); // gid
  octal(124, 12, size);
  octal(136, 12, 0); // mtime: fixed, so the same data give the same archive
  field(148, 8, "        "); // checksum placeholder (spaces) while summing
  field(156, 1, "0"); // regular file
  field(257, 6, "ustar\0");
  field(263, 2, "00");
  let sum = 0;
  for (const byte of block) sum += byte;
  field(148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return block;
}

export function tarArchive(members: { name: string; content: string | Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  for (const member of members) {
    const content = typeof member.content === "string" ? Buffer.from(member.content, "utf8") : member.content;
    parts.push(header(member.name, content.length), content);
    const padding = (512 - (content.length % 512)) % 512;
    if (padding) parts.push(Buffer.alloc(padding, 0));
  }
  parts.push(Buffer.alloc(1024, 0)); // two empty blocks end the archive
  return Buffer.concat(parts);
}
