using System.Security.Cryptography;
using System.Text;
using Huddle.Core;
using Huddle.Core.Movies;
using Huddle.Core.Sessions;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Movies;

/// <summary>Section <c>Huddle:Films</c>: the film folder a watch party plays from.</summary>
public sealed class FilmFolderOptions
{
    /// <summary>The folder (read only, subfolders included). Empty: no film folder; the party watches elsewhere.</summary>
    public string? Folder { get; set; }

    /// <summary>How long one listing of the folder is reused (a video's range requests do not rescan it each time).</summary>
    public TimeSpan ListCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A subtitle file larger than this is not served (a film's subtitles are well under 1 MB).</summary>
    public int MaxSubtitleBytes { get; set; } = 2 * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(Folder) && !Path.IsPathRooted(Folder)) yield return "Folder must be an absolute path.";
        if (ListCacheDuration < TimeSpan.Zero || ListCacheDuration > TimeSpan.FromHours(1))
            yield return "ListCacheDuration must be between 0 and 01:00:00.";
        if (MaxSubtitleBytes is < 1024 or > 64 * 1024 * 1024) yield return "MaxSubtitleBytes must be between 1024 and 67108864.";
    }
}

public sealed record FilmSubtitle(string Id, string Label, string Path);

/// <summary>A video in the film folder; <c>Path</c> never leaves the server (clients see the id).</summary>
public sealed record FilmFile(string Id, string Title, string Path, string ContentType, IReadOnlyList<FilmSubtitle> Subtitles);

/// <summary>
/// The film folder: MP4, WebM and MKV files (the browser says whether it plays an MKV) with the .srt and
/// .vtt subtitles beside each (<c>Film.mkv</c> → <c>Film.srt</c>, <c>Film.en.vtt</c>). Files are addressed by
/// ids — the first 16 hex digits of SHA-256 of the path inside the folder — so a request can only name
/// a file a listing found: no path from a client is ever opened. Links and hidden files are skipped, so
/// nothing outside the folder is reachable through it. The folder is only read.
/// </summary>
public sealed class FilmFolder(IOptions<FilmFolderOptions> options, TimeProvider time) : IFilmLibrary
{
    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "video/mp4",
        [".m4v"] = "video/mp4",
        [".webm"] = "video/webm",
        [".mkv"] = "video/x-matroska",
    };

    private readonly Lock _gate = new();
    private (IReadOnlyList<FilmFile> Films, DateTimeOffset At)? _listing;

    public string? Folder => options.Value.Folder is { Length: > 0 } folder ? Path.GetFullPath(folder) : null;

    public IReadOnlyList<FilmFile> List()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_listing is { } cached && now - cached.At < options.Value.ListCacheDuration) return cached.Films;
        }

        var films = Scan();
        lock (_gate) _listing = (films, now);
        return films;
    }

    public FilmFile? FindFile(string id) => WatchParty.IsFileId(id) ? List().FirstOrDefault(f => f.Id == id) : null;

    public FilmInfo? Find(string id) => FindFile(id) is { } film ? new FilmInfo(film.Id, film.Title) : null;

    public static FilmFile Require(FilmFolder folder, string id) =>
        folder.FindFile(id) ?? throw new HuddleException(ErrorCodes.FilmNotFound, "The film folder has no such film.", ErrorKind.NotFound);

    private List<FilmFile> Scan()
    {
        if (Folder is not { } root || !Directory.Exists(root)) return [];
        var walk = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MaxRecursionDepth = 8,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        };
        var files = Directory.EnumerateFiles(root, "*", walk).ToList();
        var subtitles = files.Where(f => Path.GetExtension(f).ToLowerInvariant() is ".srt" or ".vtt").ToList();
        return files
            .Where(f => ContentTypes.ContainsKey(Path.GetExtension(f)))
            .Select(f =>
            {
                var stem = Path.Combine(Path.GetDirectoryName(f)!, Path.GetFileNameWithoutExtension(f));
                var subs = subtitles
                    .Where(s => Path.GetFileNameWithoutExtension(s) is var name && (Path.Combine(Path.GetDirectoryName(s)!, name) == stem
                        || Path.Combine(Path.GetDirectoryName(s)!, name).StartsWith(stem + ".", StringComparison.Ordinal)))
                    .Order(StringComparer.Ordinal)
                    .Select(s => new FilmSubtitle(IdOf(root, s), Label(stem, s), s))
                    .ToList();
                return new FilmFile(IdOf(root, f), TitleOf(f), f, ContentTypes[Path.GetExtension(f)], subs);
            })
            .OrderBy(f => f.Title, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static string IdOf(string root, string path) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, path))))[..16];

    private static string TitleOf(string path) =>
        Path.GetFileNameWithoutExtension(path).Replace('_', ' ').Replace('.', ' ').Trim() is { Length: > 0 } title
            ? title[..Math.Min(title.Length, 200)]
            : "Untitled";

    /// <summary><c>Film.en.srt</c> beside <c>Film.mp4</c> is "en"; <c>Film.srt</c> is "Subtitles".</summary>
    private static string Label(string stem, string subtitle)
    {
        var name = Path.Combine(Path.GetDirectoryName(subtitle)!, Path.GetFileNameWithoutExtension(subtitle));
        return name.Length > stem.Length + 1 ? name[(stem.Length + 1)..] : "Subtitles";
    }
}
