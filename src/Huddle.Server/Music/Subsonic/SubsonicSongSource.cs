using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Huddle.Core;
using Huddle.Core.Catalog;
using Huddle.Server.Options;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Music.Subsonic;

/// <summary>
/// The songs of a Subsonic-compatible server, listed with <c>search3</c> (empty query, pages of 500)
/// at start and every <see cref="SubsonicOptions.SyncInterval"/>. The library search, the queue and
/// the history then treat them like any other song; audio and covers are fetched from the server when
/// asked (<see cref="SubsonicApi"/>). A failed sync keeps the last list, logs once per change of state
/// and shows the reason to hosts; the rest of Huddle never waits on it.
/// </summary>
public sealed partial class SubsonicSongSource(
    SubsonicClient client, IOptions<SubsonicOptions> options, MusicOptions music, TimeProvider time, ILogger<SubsonicSongSource> log)
    : BackgroundService, ISongSource
{
    /// <summary>Song ids of this source start with this, so the audio and cover routes know where to go.</summary>
    public const string IdPrefix = "ss:";

    private const int PageSize = 500;
    private const int CoverCacheSize = 256;

    private readonly SubsonicOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, (byte[] Data, string MediaType)> _covers = new();
    private volatile List<Song> _songs = [];
    private volatile Dictionary<string, string> _coverIds = [];
    private volatile SubsonicStatus _status = new("connecting", null, null, 0, null);
    private TaskCompletionSource? _next; // the sync the next callers wait for; guarded by _gate
    private bool _syncing; // a SyncLoopAsync runs; guarded by _gate
    private Task? _firstSync;

    public IReadOnlyList<Song> Songs => _songs;

    public event Action? Changed;

    public SubsonicStatus Status => _status;

    public static bool Owns(string songId) => songId.StartsWith(IdPrefix, StringComparison.Ordinal);

    /// <summary>The server's own id of one of this source's songs.</summary>
    public static string RemoteId(string songId) => songId[IdPrefix.Length..];

    /// <summary>Covers are fetched over the network on request (<see cref="CoverAsync"/>), never synchronously here.</summary>
    public SongCover? ReadCover(Song song) => null;

    /// <summary>
    /// Lists the server's songs and returns once a listing that started after this call has ended (ok or
    /// failed). One sync runs at a time: calls made while one runs share exactly one more, queued after it,
    /// so results never land out of order and a burst of requests costs one extra listing.
    /// <paramref name="ct"/> only stops this caller's wait; the shared listing stops with the server.
    /// </summary>
    public Task SyncAsync(CancellationToken ct)
    {
        TaskCompletionSource next;
        bool start;
        lock (_gate)
        {
            next = _next ??= new(TaskCreationOptions.RunContinuationsAsynchronously);
            start = !_syncing;
            _syncing = true;
        }

        if (start) _ = Task.Run(SyncLoopAsync, CancellationToken.None);
        return next.Task.WaitAsync(ct);
    }

    /// <summary>Runs the queued syncs one after another until none is queued.</summary>
    private async Task SyncLoopAsync()
    {
        while (true)
        {
            TaskCompletionSource? done;
            lock (_gate)
            {
                done = _next;
                _next = null;
                if (done is null)
                {
                    _syncing = false;
                    return;
                }
            }

            try
            {
                await ListAsync(_stopping.Token);
                done.TrySetResult();
            }
            catch (Exception e)
            {
                // Stopping, or a bug: whoever waits sees it (the background loop ends on it), the next request still runs.
                done.TrySetException(e);
            }
        }
    }

    private async Task ListAsync(CancellationToken ct)
    {
        try
        {
            var songs = new List<Song>();
            var covers = new Dictionary<string, string>(StringComparer.Ordinal);
            var skipped = 0;
            for (var offset = 0; songs.Count < _options.MaxSongs; offset += PageSize)
            {
                var page = await client.SearchSongsAsync("", PageSize, offset, ct);
                foreach (var remote in page)
                {
                    if (ToSong(remote) is not { } song) skipped++;
                    else if (!covers.ContainsKey(song.Id) && songs.Count < _options.MaxSongs)
                    {
                        songs.Add(song);
                        if (song.HasCover) covers[song.Id] = remote.CoverArt!;
                    }
                }

                if (page.Count < PageSize) break;
                if (offset + PageSize >= _options.MaxSongs) break;
            }

            if (songs.Count >= _options.MaxSongs) LogCut(_options.MaxSongs);
            if (skipped > 0) LogSkipped(skipped);
            _songs = songs;
            _coverIds = covers;
            SetStatus(new SubsonicStatus("ok", null, null, songs.Count, time.GetUtcNow().ToUnixTimeMilliseconds()));
            Changed?.Invoke();
        }
        catch (SubsonicException e)
        {
            SetStatus(new SubsonicStatus("failed", CodeOf(e.Failure), e.Message, _songs.Count, _status.SyncedAt));
        }
    }

    /// <summary>The song's cover (cached: a jam shows the same few covers to every device).</summary>
    public async Task<(byte[] Data, string MediaType)?> CoverAsync(Song song, CancellationToken ct)
    {
        if (!_coverIds.TryGetValue(song.Id, out var coverId)) return null;
        if (_covers.TryGetValue(coverId, out var cached)) return cached;
        var cover = await client.CoverArtAsync(coverId, music.MaxCoverBytes, ct);
        if (_covers.Count >= CoverCacheSize) _covers.Clear(); // crude but bounded; a refill costs one request per cover
        _covers[coverId] = cover;
        return cover;
    }

    public static string CodeOf(SubsonicFailure failure) => failure switch
    {
        SubsonicFailure.Unauthorized => ErrorCodes.SubsonicUnauthorized,
        SubsonicFailure.Unreachable => ErrorCodes.SubsonicUnreachable,
        SubsonicFailure.Timeout => ErrorCodes.SubsonicTimeout,
        SubsonicFailure.InvalidResponse => ErrorCodes.SubsonicInvalidResponse,
        SubsonicFailure.NotFound => ErrorCodes.SubsonicNotFound,
        SubsonicFailure.Refused => ErrorCodes.SubsonicRefused,
    };

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        LogUsing(_options.Url!, _options.User!);
        // Requested here rather than in ExecuteAsync, which .NET runs later on the thread pool: a SyncAsync made
        // once the server has started then always lists after the first sync, never before it.
        _firstSync = SyncAsync(CancellationToken.None);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            await _stopping.CancelAsync(); // ends a listing in flight; the loop has stopped waiting for it
        }
    }

    public override void Dispose()
    {
        _stopping.Cancel();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sync = _firstSync ?? SyncAsync(stoppingToken);
        while (true)
        {
            try
            {
                await sync.WaitAsync(stoppingToken);
                await Task.Delay(_options.SyncInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            sync = SyncAsync(stoppingToken);
        }
    }

    private void SetStatus(SubsonicStatus status)
    {
        var before = _status;
        _status = status;
        if (status.State == "ok" && before.State != "ok") LogSynced(status.Songs);
        else if (status.State == "failed" && (before.State != "failed" || before.Code != status.Code)) LogFailed(status.Code!, status.Message!);
    }

    /// <summary>A listed song, or null when its id is unusable. Every text is cleaned like a file's tags.</summary>
    private static Song? ToSong(SubsonicSong remote)
    {
        if (remote.Id is not { } id || !RemoteIdPattern().IsMatch(id)) return null;
        var coverTag = remote.CoverArt is { Length: > 0 and <= 200 } cover
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cover)))[..16]
            : null;
        return new Song(
            IdPrefix + id,
            MusicTags.Text(remote.Title) ?? "Untitled",
            MusicTags.Text(remote.Artist) ?? "Unknown artist",
            MusicTags.Text(remote.Album) ?? "Subsonic",
            remote.Year is > 0 and < 10000 ? remote.Year.Value : 0,
            MusicTags.Text(remote.Genre) ?? "Subsonic",
            remote.Duration is > 0 and < 24 * 3600 ? remote.Duration.Value : 0,
            AudioPath: IdPrefix + id, // streamed by SubsonicApi, never opened as a file
            Track: remote.Track is > 0 and < 10000 ? remote.Track.Value : 0,
            CoverTag: coverTag);
    }

    /// <summary>Ids go into Huddle's URLs and the server's: the characters Navidrome, Gonic and Airsonic use, nothing else.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9._~-]{1,100}\z")]
    private static partial Regex RemoteIdPattern();

    [LoggerMessage(EventId = Log.SubsonicInUse, Level = LogLevel.Information, Message = "Subsonic server {Url} as {User} (token auth)")]
    private partial void LogUsing(string url, string user);

    [LoggerMessage(EventId = Log.SubsonicSongsListed, Level = LogLevel.Information, Message = "Subsonic: {Songs} songs listed")]
    private partial void LogSynced(int songs);

    [LoggerMessage(EventId = Log.SubsonicUnavailable, Level = LogLevel.Warning, Message = "Subsonic unavailable ({Code}): {Detail}; Huddle goes on without it")]
    private partial void LogFailed(string code, string detail);

    [LoggerMessage(EventId = Log.SubsonicLibraryCut, Level = LogLevel.Warning, Message = "Subsonic: the library is cut at {Max} songs (Huddle:Music:Subsonic:MaxSongs)")]
    private partial void LogCut(int max);

    [LoggerMessage(EventId = Log.SubsonicSongsSkipped, Level = LogLevel.Warning, Message = "Subsonic: {Count} songs skipped (no usable id)")]
    private partial void LogSkipped(int count);
}

/// <summary>What hosts see: <c>State</c> is connecting, ok or failed; <c>SyncedAt</c> (Unix ms) the last good listing.</summary>
public sealed record SubsonicStatus(string State, string? Code, string? Message, int Songs, long? SyncedAt);
