import JSZip from "jszip";

/** DOCX and EPUB are zip files; more than this uncompressed is refused (a zip bomb, or not a document). */
export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/** Opens a zip, or says why it cannot be used. */
export async function openZip(bytes: Uint8Array, kind: string): Promise<JSZip | { skipped: string }> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch (error) {
    return { skipped: `not a valid ${kind} file (damaged zip: ${zipProblem(error)})` };
  }
  let total = 0;
  zip.forEach((_, entry) => {
    // the size from the central directory (jszip keeps it in a private field)
    const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
    if (typeof size === "number" && size > 0) total += size;
  });
  if (total > MAX_UNZIPPED_BYTES) return { skipped: `${kind} unpacks to ${(total / 1048576).toFixed(0)} MB (the limit is ${MAX_UNZIPPED_BYTES / 1048576} MB)` };
  return zip;
}

/** JSZip's reason without its advice and link ("Can't find end of central directory : is this a zip file ? If it is, see https://…"). */
function zipProblem(error: unknown): string {
  const message = String((error as Error).message ?? error).split(/ : | \? /)[0]!.replace(/^Corrupted zip: /i, "").trim();
  return (message.charAt(0).toLowerCase() + message.slice(1)).slice(0, 120);
}
