using System.Text.RegularExpressions;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Operations;

/// <summary>
/// The server's folders depend one way (docs/architecture.md, "Server folders"): platform folders
/// below the hub, the hub below the features, features independent of each other unless listed,
/// the composition root (HuddleApp, Program) above all. A `using` that points up or sideways is a
/// cycle in the making, and fails here with the file that wrote it.
/// </summary>
public sealed partial class ServerLayoutTests
{
    // Each folder (= namespace) and the folders it may use.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Options"] = [],
        ["Observability"] = ["Options"],
        ["Contracts"] = [],
        ["Http"] = ["Options", "Observability"],
        ["Limits"] = ["Options", "Observability", "Http"],
        ["Hosting"] = ["Options", "Observability", "Http", "Limits"],
        ["Realtime"] = ["Options", "Observability", "Http", "Limits", "Hosting", "Contracts"],
        ["Movies"] = ["Options", "Observability", "Http", "Limits", "Hosting", "Contracts", "Realtime"],
        ["Coaching"] = ["Options", "Observability", "Http", "Limits", "Hosting", "Contracts", "Realtime"],
        ["Admin"] = ["Options", "Observability", "Http", "Limits", "Hosting", "Contracts", "Realtime"],
        // A session's REST door creates movie nights (catalog) and classrooms read sessions.
        ["Sessions"] = ["Options", "Observability", "Http", "Limits", "Hosting", "Contracts", "Realtime", "Movies"],
        // Jam music: songs, playlists and Spotify routes hang under a session and read its token header.
        ["Music"] = ["Options", "Observability", "Http", "Limits", "Hosting", "Contracts", "Realtime", "Sessions"],
        ["Classrooms"] = ["Options", "Observability", "Http", "Limits", "Hosting", "Contracts", "Realtime", "Sessions"],
    };

    [Fact]
    public void EveryServerFolder_UsesOnlyTheFoldersBelowIt()
    {
        var source = Path.Combine(Repository.Root, "src", "Huddle.Server");
        var wrong = new List<string>();
        var seen = new HashSet<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(file);
            var folder = Namespace().Match(text) is { Success: true } m ? m.Groups[1].Value : "";
            if (folder == "") continue; // the composition root may use everything
            seen.Add(folder);
            Assert.True(Allowed.ContainsKey(folder), $"{relative}: folder {folder} is not in the layout (add it here and to docs/architecture.md)");
            Assert.Equal(folder, relative.Split(Path.DirectorySeparatorChar)[0]);
            foreach (Match use in Using().Matches(text))
            {
                var used = use.Groups[1].Value;
                if (used != folder && !Allowed[folder].Contains(used)) wrong.Add($"{relative}: {folder} uses {used}");
            }
        }

        Assert.Empty(wrong);
        Assert.Superset(new HashSet<string> { "Realtime", "Http", "Sessions", "Coaching" }, seen); // the scan saw the tree
    }

    [GeneratedRegex(@"(?m)^namespace Huddle\.Server\.(\w+)[\w.]*;")]
    private static partial Regex Namespace();

    [GeneratedRegex(@"(?m)^using (?:static )?Huddle\.Server\.(\w+)")]
    private static partial Regex Using();
}
