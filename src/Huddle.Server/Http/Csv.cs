using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huddle.Server.Http;

/// <summary>RFC 4180 CSV: CRLF line ends; fields with a comma, quote or line break are quoted, quotes doubled.</summary>
public static class Csv
{
    /// <summary>The file a browser saves: UTF-8 with a byte-order mark (spreadsheet programs then read accents right), never cached.</summary>
    public static FileContentHttpResult File(HttpContext http, string fileName, string csv)
    {
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8; header=present");
    }

    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var b = new StringBuilder();
        Line(b, header);
        foreach (var row in rows) Line(b, row);
        return b.ToString();
    }

    /// <summary>
    /// One cell. A cell a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a
    /// leading apostrophe (OWASP's CSV-injection advice): questions are typed by anyone in the room.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Line(StringBuilder b, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) b.Append(',');
            b.Append(Cell(cells[i]));
        }

        b.Append("\r\n");
    }
}
