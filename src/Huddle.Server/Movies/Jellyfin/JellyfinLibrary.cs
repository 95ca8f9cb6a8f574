using System.Security.Cryptography;
using System.Text;
using Huddle.Core;
using Huddle.Core.Sessions;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Movies.Jellyfin;

public sealed record JellyfinSubtitle(string Id, string Label, int Index);

/// <summary>
/// A Jellyfin movie as a watch party sees it. <c>Id</c> has the film folder's shape (16 hex digits, here of
/// SHA-256 of the item id), so the session and the browser handle both sources alike; <c>ItemId</c> and
/// <c>MediaSourceId</c> are Jellyfin's and never leave the server.
/// </summary>
public sealed record JellyfinFilm(
    string Id, string Title, int? Year, string ContentType, string ItemId, string MediaSourceId, IReadOnlyList<JellyfinSubtitle> Subtitles);

/// <summary>The source's state on the host's screen: <c>off</c>, <c>unlisted</c> (not asked yet), <c>ok</c>, or <c>failed</c> with a code.</summary>
public sealed record JellyfinStatus(string State, string? Code, int Films);

/// <summary>
/// The Jellyfin server's movies, listed on demand and reused for <c>ListCacheDuration</c> (a failure too,
/// so a slow or dead server costs one timeout per period, not one per request). Only movies a browser can
/// play as stored are kept (MP4, WebM, MKV: Huddle asks for no transcoding) with their text subtitles. A
/// video or subtitle request can only name a film the last good listing returned; that listing stays
/// usable while the server is down, so a party's running film fails with a coded error and then resumes.
/// </summary>
public sealed partial class JellyfinLibrary(JellyfinClient client, IOptions<JellyfinOptions> options, TimeProvider time, ILogger<JellyfinLibrary> logger) : IDisposable
{
    private const int MaxLabelLength = 100;
    private const int MaxSubtitles = 50;

    /// <summary>Subtitle codecs Jellyfin converts to WebVTT; picture subtitles (PGS, VobSub) it cannot.</summary>
    private static readonly HashSet<string> TextCodecs = new(StringComparer.OrdinalIgnoreCase) { "subrip", "srt", "webvtt", "vtt", "ass", "ssa", "mov_text" };

    private readonly JellyfinOptions _options = options.Value;
    private readonly SemaphoreSlim _listing = new(1, 1);
    private Listing _last = new([], new Dictionary<string, JellyfinFilm>(StringComparer.Ordinal));
    private JellyfinStatus _status = new("unlisted", null, 0);
    private DateTimeOffset? _askedAt;

    private sealed record Listing(IReadOnlyList<JellyfinFilm> Films, IReadOnlyDictionary<string, JellyfinFilm> ById);

    public bool Enabled => _options.Enabled;

    public JellyfinStatus Status => Enabled ? Volatile.Read(ref _status) : new JellyfinStatus("off", null, 0);

    /// <summary>The films to offer now: the fresh or cached listing, none while the server fails (its code is in <see cref="Status"/>).</summary>
    public async Task<IReadOnlyList<JellyfinFilm>> ListAsync(CancellationToken ct)
    {
        if (!Enabled) return [];
        await _listing.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (_askedAt is not { } asked || now - asked >= _options.ListCacheDuration || now < asked) await RefreshAsync(now, ct);
        }
        finally
        {
            _listing.Release();
        }

        return Status.State == "ok" ? Volatile.Read(ref _last).Films : [];
    }

    /// <summary>A film of the last good listing (the hub's check, no call to Jellyfin).</summary>
    public JellyfinFilm? Find(string id) =>
        WatchParty.IsFileId(id) && Volatile.Read(ref _last).ById.TryGetValue(id, out var film) ? film : null;

    /// <summary>Like <see cref="Find"/>, listing first when nothing was listed yet (a video asked right after a restart).</summary>
    public async Task<JellyfinFilm> RequireAsync(string id, CancellationToken ct)
    {
        if (Enabled && WatchParty.IsFileId(id) && Find(id) is null && Volatile.Read(ref _last).Films.Count == 0) await ListAsync(ct);
        return Find(id) ?? throw new HuddleException(ErrorCodes.FilmNotFound, "The Jellyfin server has no such film.", ErrorKind.NotFound);
    }

    public void Dispose() => _listing.Dispose();

    public static string CodeOf(JellyfinFailure failure) => failure switch
    {
        JellyfinFailure.Unauthorized => ErrorCodes.JellyfinUnauthorized,
        JellyfinFailure.Unreachable => ErrorCodes.JellyfinUnreachable,
        JellyfinFailure.Timeout => ErrorCodes.JellyfinTimeout,
        JellyfinFailure.InvalidResponse => ErrorCodes.JellyfinInvalidResponse,
        JellyfinFailure.NotFound => ErrorCodes.FilmNotFound,
    };

    private async Task RefreshAsync(DateTimeOffset now, CancellationToken ct)
    {
        _askedAt = now;
        var was = Status;
        try
        {
            var (items, cut) = await client.ListMoviesAsync(ct);
            var films = items.Select(ToFilm).OfType<JellyfinFilm>()
                .DistinctBy(f => f.Id)
                .OrderBy(f => f.Title, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.Year)
                .ToList();
            Volatile.Write(ref _last, new Listing(films, films.ToDictionary(f => f.Id, StringComparer.Ordinal)));
            Volatile.Write(ref _status, new JellyfinStatus("ok", null, films.Count));
            if (cut) LogCut(_options.MaxFilms);
            if (was.State != "ok") LogListed(films.Count, items.Count - films.Count);
        }
        catch (JellyfinException e)
        {
            var code = CodeOf(e.Failure);
            Volatile.Write(ref _status, new JellyfinStatus("failed", code, 0));
            if (was.Code != code) LogFailed(code, e.Message);
        }
    }

    private static JellyfinFilm? ToFilm(JellyfinItem item)
    {
        if (!Guid.TryParse(item.Id, out var itemId) || Text(item.Name, WatchParty.MaxTitleLength) is not { } title) return null;
        foreach (var source in item.MediaSources ?? [])
        {
            if (!Guid.TryParse(source.Id, out var sourceId) || ContentTypeOf(source.Container) is not { } type) continue;
            var subtitles = (source.MediaStreams ?? [])
                .Where(s => s.Type == "Subtitle" && s.Index is >= 0 and < 10_000 && s.Codec is { } codec && TextCodecs.Contains(codec))
                .DistinctBy(s => s.Index)
                .Take(MaxSubtitles)
                .Select(s => new JellyfinSubtitle(
                    s.Index!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Text(s.DisplayTitle, MaxLabelLength) ?? Text(s.Language, MaxLabelLength) ?? "Subtitles",
                    s.Index.Value))
                .ToList();
            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("jellyfin:" + itemId.ToString("N"))))[..16];
            var year = item.ProductionYear is >= 1870 and <= 2200 ? item.ProductionYear : null;
            return new JellyfinFilm(id, title, year, type, itemId.ToString("N"), sourceId.ToString("N"), subtitles);
        }

        return null;
    }

    /// <summary>What the browser plays as stored: Jellyfin names MP4 "mov,mp4,m4a,…", Matroska "mkv"; AVI, TS and the like need transcoding.</summary>
    private static string? ContentTypeOf(string? container)
    {
        var parts = (container ?? "").ToLowerInvariant().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            ["webm", ..] => "video/webm",
            ["mkv" or "matroska", ..] => "video/x-matroska",
            _ when parts.Any(p => p is "mp4" or "m4v") => "video/mp4",
            _ => null,
        };
    }

    /// <summary>A third party's text: no control or direction-override characters, trimmed, clipped on a whole character.</summary>
    private static string? Text(string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var clean = new StringBuilder(Math.Min(value.Length, max));
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                clean.Append(c).Append(value[++i]);
                continue;
            }

            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFD' or (>= '\u202A' and <= '\u202E') or '\u200E' or '\u200F' or (>= '\u2066' and <= '\u2069')) continue;
            clean.Append(c);
        }

        var text = clean.ToString().Trim();
        if (text.Length > max) text = text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)].TrimEnd();
        return text.Length == 0 ? null : text;
    }

    [LoggerMessage(EventId = Log.JellyfinFilmsListed, Level = LogLevel.Information, Message = "Jellyfin: {Films} films listed ({Skipped} not playable in a browser as stored)")]
    private partial void LogListed(int films, int skipped);

    [LoggerMessage(EventId = Log.JellyfinUnavailable, Level = LogLevel.Warning, Message = "Jellyfin unavailable ({Code}): {Detail}; the film folder goes on without it")]
    private partial void LogFailed(string code, string detail);

    [LoggerMessage(EventId = Log.JellyfinLibraryCut, Level = LogLevel.Warning, Message = "Jellyfin: the list is cut at {Max} films (Huddle:Films:Jellyfin:MaxFilms)")]
    private partial void LogCut(int max);
}
