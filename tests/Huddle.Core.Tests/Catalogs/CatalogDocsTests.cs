using System.Reflection;
using System.Text.RegularExpressions;

namespace Huddle.Core.Tests.Catalogs;

/// <summary>
/// Error codes and log event ids are contracts: clients branch on a code, operators alert on an id.
/// Each catalog and its table in the docs must list exactly the same things, and source code must use
/// the catalog's members rather than repeating a code or an id by hand.
/// </summary>
public partial class CatalogDocsTests
{
    [Fact]
    public void EveryErrorCode_IsInProtocolErrorTable_AndEveryDocumentedCode_IsInTheCatalog()
    {
        var catalog = Constants<string>(typeof(ErrorCodes)).Values.ToHashSet();
        var documented = TableKeys(Section(Doc("protocol.md"), "## 6. Error codes"), ErrorRow());

        Assert.Empty(catalog.Except(documented).Order());   // in ErrorCodes, missing from docs/protocol.md §6
        Assert.Empty(documented.Except(catalog).Order());   // documented, but no member sends it
    }

    [Fact]
    public void NoTwoErrorCodes_ShareACodeString()
    {
        var shared = Constants<string>(typeof(ErrorCodes)).GroupBy(c => c.Value).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Key))}");

        Assert.Empty(shared);
    }

    [Fact]
    public void EveryLogEventId_IsInOperationsLogTable_AndEveryDocumentedId_IsInTheCatalog()
    {
        var catalog = Constants<int>(typeof(Log)).Values.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var documented = TableKeys(Section(Doc("operations.md"), "### 6.3 Logs"), LogRow());

        Assert.Empty(catalog.Except(documented).Order());
        Assert.Empty(documented.Except(catalog).Order());
    }

    /// <summary>
    /// A code or event id typed by hand escapes both tests above, so none may be: throw sites, problems and
    /// <c>when</c> filters name an <see cref="ErrorCodes"/> member, and every [LoggerMessage] a <see cref="Log"/> one.
    /// </summary>
    [Fact]
    public void Sources_UseCatalogMembers_NotLiteralCodesOrEventIds()
    {
        var src = Path.Combine(RepoRoot(), "src");
        var offending = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) is not ("ErrorCodes.cs" or "Log.cs"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(l => LiteralCodeOrId().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(src, l.f)}:{l.i + 1}: {l.line.Trim()}");

        Assert.Empty(offending);
    }

    // Errors.Invalid/Conflict/Unauthenticated("…", new HuddleException("…", new("…", …ErrorKind, Problems.Create(401, "…",
    // e.Code == "…" / is "…", HubException("code: …"), and EventId = 1234 / new EventId(1234.
    [GeneratedRegex("""Errors\.(Invalid|Conflict|Unauthenticated)\("|new HuddleException\("|new\("[a-z_]+",.*ErrorKind|Problems\.Create\(\d+, "|Code (==|is) "|HubException\(\$?"[a-z_]+:|EventId = \d|new EventId\(\d""")]
    private static partial Regex LiteralCodeOrId();

    [GeneratedRegex(@"^\| `([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ErrorRow();

    [GeneratedRegex(@"^\| (\d{4}) \|", RegexOptions.Multiline)]
    private static partial Regex LogRow();

    private static Dictionary<string, T> Constants<T>(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(T))
            .ToDictionary(f => f.Name, f => (T)f.GetRawConstantValue()!);

    private static HashSet<string> TableKeys(string section, Regex row) =>
        row.Matches(section).Select(m => m.Groups[1].Value).ToHashSet();

    /// <summary>The text from the heading to the next heading of the same or a higher level.</summary>
    private static string Section(string doc, string heading)
    {
        var start = doc.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"heading '{heading}' not found");
        var level = heading.TakeWhile(c => c == '#').Count();
        var next = Regex.Match(doc[(start + heading.Length + 2)..], $@"^#{{1,{level}}} ", RegexOptions.Multiline);
        return next.Success ? doc.Substring(start, heading.Length + 2 + next.Index) : doc[start..];
    }

    private static string Doc(string name) => File.ReadAllText(Path.Combine(RepoRoot(), "docs", name));

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Huddle.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Huddle.slnx not found above the test folder.");
    }
}
