using System.Threading.Channels;
using Huddle.Core.Sessions;

namespace Huddle.Server.Music.Spotify;

/// <summary>
/// One session linked to the host's Spotify account: its tokens (memory only), what the host's
/// screen shows (account, device, the latest problem), and the follower that makes the host's
/// Spotify Connect device do what the session does. The follower runs off the session's gate and
/// sends only the latest wanted state, so a burst of changes is one call, and a Spotify that is
/// slow, failing or rate-limiting never slows or fails a Huddle command.
/// </summary>
public sealed class SpotifyLink : IAsyncDisposable
{
    /// <summary>A position further than this from where Spotify should be is corrected with a seek.</summary>
    private const double SeekTolerance = 1.0;

    private readonly SpotifyLinks _links;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(long Request, TaskCompletionSource Done)> _waiters = [];
    private PlayerIntent? _wanted;
    private PlayerIntent? _applied;

    // A call whose outcome Huddle never heard (timed out, connection lost, 5xx) may still have acted:
    // until one works again, Spotify may be playing whatever _applied says.
    private bool _unsure;
    private long _requested;
    private long _handled;
    private bool _waitingForTime;
    private long _retryAtMs; // Unix ms: a DateTimeOffset field could be read half-written
    private Task _loop = Task.CompletedTask;

    internal SpotifyLink(Guid sessionId, string code, SpotifyAccount account, SpotifyTokens tokens, SpotifyLinks links, TimeProvider time)
    {
        SessionId = sessionId;
        Code = code;
        Account = account;
        Tokens = tokens;
        _links = links;
        _time = time;
    }

    public Guid SessionId { get; }

    public string Code { get; }

    public SpotifyAccount Account { get; }

    /// <summary>Null once Spotify refused the refresh token: the host must link again.</summary>
    internal SpotifyTokens? Tokens { get; set; }

    internal SemaphoreSlim RefreshGate { get; } = new(1, 1);

    public bool Revoked => Tokens is null;

    /// <summary>The device Huddle last played on (or found active), for the host's screen.</summary>
    public string? DeviceName { get; internal set; }

    /// <summary>The latest problem, cleared by the next call that works.</summary>
    public SpotifyProblem? Problem { get; internal set; }

    /// <summary>No call goes to Spotify before this (its 429 Retry-After). Read by searches and the follower alike.</summary>
    public DateTimeOffset RetryAt
    {
        get => DateTimeOffset.FromUnixTimeMilliseconds(Volatile.Read(ref _retryAtMs));
        internal set => Volatile.Write(ref _retryAtMs, value.ToUnixTimeMilliseconds());
    }

    /// <summary>The session's state to mirror; returns at once (it is called while the session's commit is published).</summary>
    public void Follow(PlayerIntent intent)
    {
        lock (_gate)
        {
            _wanted = intent;
            _requested++;
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>
    /// Completes once the follower has acted on every change handed to it so far, or is waiting for a
    /// Retry-After to pass (nothing more happens until the clock moves). An awaited signal for tests.
    /// </summary>
    public Task SettledAsync()
    {
        lock (_gate)
        {
            if (_handled >= _requested || _waitingForTime || _stop.IsCancellationRequested) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_requested, done));
            return done.Task;
        }
    }

    internal void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    internal void Revoke()
    {
        Tokens = null;
        Problem = _links.ProblemOf(new SpotifyCallException(SpotifyFailure.InvalidGrant, "Revoked."));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        Tokens = null;
        lock (_gate) Release(long.MaxValue);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (await _wake.Reader.WaitToReadAsync(ct))
        {
            _wake.Reader.TryRead(out _);
            while (true)
            {
                long request;
                PlayerIntent? wanted;
                lock (_gate)
                {
                    request = _requested;
                    wanted = _wanted;
                }

                var wait = RetryAt - _time.GetUtcNow();
                if (wait > TimeSpan.Zero && !Revoked)
                {
                    lock (_gate)
                    {
                        _waitingForTime = true;
                        Release(long.MaxValue);
                    }

                    await Task.Delay(wait, _time, ct);
                    lock (_gate) _waitingForTime = false;
                    continue;
                }

                await ApplyAsync(wanted, ct);
                lock (_gate)
                {
                    _handled = request;
                    Release(request);

                    // Rate-limited on the way: wait for Retry-After, then send the latest wanted state.
                    var retry = RetryAt > _time.GetUtcNow() && !Revoked && _applied != _wanted;
                    if (!retry && _requested == request) break;
                }
            }
        }
    }

    private void Release(long upTo)
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Request > upTo) continue;
            _waiters[i].Done.TrySetResult();
            _waiters.RemoveAt(i);
        }
    }

    /// <summary>Makes Spotify do what <paramref name="wanted"/> says, from what it was last told (<c>_applied</c>).</summary>
    private async Task ApplyAsync(PlayerIntent? wanted, CancellationToken ct)
    {
        if (wanted is null || Revoked) return;
        try
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var applied = _unsure ? null : _applied;
            var spotifyPlays = _unsure || applied is { TrackUri: not null, Playback.IsPlaying: true };
            if (wanted.TrackUri is not { } uri || wanted.Playback is not { } playback)
            {
                // Nothing playing, or a song that is not on Spotify: Spotify stops.
                if (spotifyPlays) await PauseAsync(ct);
                Applied(wanted);
            }
            else
            {
                var position = playback.PositionAt(now);
                var ms = (long)Math.Round(position * 1000);
                if (applied is null || applied.ItemId != wanted.ItemId || applied.TrackUri != uri)
                {
                    if (playback.IsPlaying) await PlayAsync(uri, ms, ct);
                    else if (spotifyPlays) await PauseAsync(ct);
                    else return; // a new song, paused: Spotify starts it when the session does
                }
                else if (playback.IsPlaying && !spotifyPlays)
                {
                    await PlayAsync(uri, ms, ct); // resume exactly at the session's position
                }
                else if (!playback.IsPlaying && spotifyPlays)
                {
                    await PauseAsync(ct);
                    if (Math.Abs(applied!.Playback!.PositionAt(now) - position) > SeekTolerance)
                        await _links.CallAsync(this, t => Client(c => c.SeekAsync(t, ms, ct)), ct);
                }
                else if (Math.Abs(applied!.Playback!.PositionAt(now) - position) > SeekTolerance)
                {
                    await _links.CallAsync(this, t => Client(c => c.SeekAsync(t, ms, ct)), ct);
                }

                Applied(wanted);
            }
        }
        catch (SpotifyCallException e)
        {
            // Spotify may have acted on a call it never answered: the next change is sent in full (play, or pause).
            if (e.Failure == SpotifyFailure.Unavailable) _unsure = true;
            Problem = _links.ProblemOf(e);
            _links.LogCallFailed(Code, "playback", e.Failure, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug here must not stop following the session: log it and wait for the next change.
            _links.LogFollowFailed(e, Code);
        }
    }

    private void Applied(PlayerIntent wanted)
    {
        _applied = wanted;
        _unsure = false;
    }

    /// <summary>Pauses; when Huddle is unsure whether Spotify plays, Spotify refusing to pause a paused player is that answer.</summary>
    private async Task PauseAsync(CancellationToken ct)
    {
        try
        {
            await _links.CallAsync(this, t => Client(c => c.PauseAsync(t, ct)), ct);
        }
        catch (SpotifyCallException e) when (e.Failure == SpotifyFailure.Refused && _unsure)
        {
            Problem = null; // Spotify answered: it is reachable, and paused
        }
    }

    /// <summary>Starts the track; with no active device, on the account's first usable device instead.</summary>
    private async Task PlayAsync(string uri, long ms, CancellationToken ct)
    {
        try
        {
            await _links.CallAsync(this, t => Client(c => c.PlayAsync(t, uri, ms, null, ct)), ct);
        }
        catch (SpotifyCallException e) when (e.Failure == SpotifyFailure.NoDevice)
        {
            var devices = await _links.CallAsync(this, t => _links.Client.GetDevicesAsync(t, ct), ct);
            var device = devices.FirstOrDefault(d => d.IsActive && !d.IsRestricted) ?? devices.FirstOrDefault(d => !d.IsRestricted);
            if (device is null) throw;
            await _links.CallAsync(this, t => Client(c => c.PlayAsync(t, uri, ms, device.Id, ct)), ct);
            DeviceName = device.Name;
        }
    }

    /// <summary>A player call; once one works, the problem shown to the host is over.</summary>
    private async Task<bool> Client(Func<SpotifyClient, Task> call)
    {
        await call(_links.Client);
        Problem = null;
        return true;
    }
}

/// <summary>What the session wants Spotify to do: the now-playing item (its Spotify URI, when it is a Spotify track) and its playback.</summary>
public sealed record PlayerIntent(string? ItemId, string? TrackUri, PlaybackState? Playback)
{
    public static PlayerIntent Of(Session session) => session.NowPlaying is { } now
        ? new PlayerIntent(now.Item.ItemId, SpotifyTrack.UriOf(now.Item.Song.CatalogId), now.Playback)
        : new PlayerIntent(null, null, null);
}
