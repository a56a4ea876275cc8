export type CsvEncoding = "utf-8" | "windows-1252" | "utf-16le" | "utf-16be";

export type DecodedCsv = { text: string; encoding: CsvEncoding; hadBom: boolean };

/**
 * The text of an uploaded file. UTF-8 (with or without BOM) is tried first; bytes that are not
 * valid UTF-8 come from Excel's "CSV" save on Windows, which writes the ANSI code page,
 * windows-1252 in Western locales. UTF-16 is Excel's "Unicode text" and always carries a BOM.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {
      text: new TextDecoder("utf-16le").decode(bytes.subarray(2)),
      encoding: "utf-16le",
      hadBom: true,
    };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {
      text: new TextDecoder("utf-16be").decode(bytes.subarray(2)),
      encoding: "utf-16be",
      hadBom: true,
    };
  }
  const hadBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8", hadBom };
  } catch {
    // windows-1252 maps every byte, so this cannot fail; a BOM-marked file with bad bytes is rare
    // enough that reading it the Excel way beats refusing it.
    const text = new TextDecoder("windows-1252").decode(body).replace(/[\u0080-\u009f]/g, fromC1);
    return { text, encoding: "windows-1252", hadBom };
  }
}

/**
 * windows-1252 puts “smart quotes”, € and – at 0x80–0x9F, where latin1 has control codes. Node's
 * TextDecoder (v20) decodes the label as latin1, browsers do not; re-mapping the C1 range makes both
 * agree. The five unassigned bytes keep their code point, as the WHATWG table does.
 */
const C1_TO_1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function fromC1(char: string): string {
  return C1_TO_1252[char.charCodeAt(0) - 0x80] ?? char;
}
