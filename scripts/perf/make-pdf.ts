/** A generated PDF for the upload benchmark: text pages with one fact per page, padded to a size by an image. */
/** A PDF of `pages` text pages (Helvetica, uncompressed) plus one grey image XObject padding it to about `bytes`. */
export function makePdf(pages: number, bytes: number, tag: string): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  // 1 catalog, 2 pages, 3 font, 4 image; then per page: page object and content stream.
  const kids = Array.from({ length: pages }, (_, i) => `${5 + i * 2} 0 R`).join(" ");
  add("<< /Type /Catalog /Pages 2 0 R >>");
  add(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const textBytes = pages * 2500;
  const side = Math.max(8, Math.floor(Math.sqrt(Math.max(0, bytes - textBytes - 2000))));
  const pixels = Buffer.alloc(side * side);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
  const imageIndex = objects.length;
  add(""); // the image is written as binary below
  for (let p = 0; p < pages; p++) {
    const station = p + 1;
    // The first lines of a page look like a running header to the extractor (dropped as chrome), so facts come later.
    const lines = [
      `Report ${tag}, section ${station}: the relay station ${station}`,
      `It was commissioned in ${1990 + station} and is staffed by ${station + 3} engineers on rotating shifts.`,
      `The relay station ${station} of the ${tag} network processes ${station * 1300 + 17} messages per hour.`,
      `Its backup generator holds fuel for ${station * 2 + 5} days, and its antenna is ${station * 3 + 12} metres tall.`,
      `Maintenance windows for station ${station} are scheduled on the first Monday of every quarter.`,
      `Traffic through station ${station} rose by ${station + 2} percent compared with the previous year.`,
    ];
    const ops = ["BT", "/F1 11 Tf", "14 TL", "56 780 Td", ...lines.map((l) => `(${l}) '`), "ET", ...(p === 0 ? ["q 200 0 0 200 56 400 cm /Im1 Do Q"] : [])].join("\n");
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> /Contents ${6 + p * 2} 0 R >>`);
    add(`<< /Length ${Buffer.byteLength(ops)} >>\nstream\n${ops}\nendstream`);
  }
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(at);
    const chunk = i === imageIndex
      ? Buffer.concat([Buffer.from(`${i + 1} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} >>\nstream\n`), pixels, Buffer.from("\nendstream\nendobj\n")])
      : Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, "latin1");
    parts.push(chunk);
    at += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)].join("");
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}
