using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Huddle.Core;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Music.Spotify;

/// <summary>
/// The sessions linked to a host's Spotify account, and the authorizations under way. Everything is
/// in this node's memory only: tokens are never persisted, logged or sent to a client, and a restart
/// asks the host to link again. A pending authorization's state is random, single use and expires
/// after <see cref="SpotifyOptions.LinkTimeout"/>; its PKCE verifier never leaves the server.
/// </summary>
public sealed partial class SpotifyLinks(
    SpotifyClient client, IOptions<SpotifyOptions> options, TimeProvider time, ILogger<SpotifyLinks> log) : IAsyncDisposable
{
    /// <summary>More authorizations under way than any server has hosts: the rest are refused, not stored.</summary>
    private const int MaxPending = 1000;

    private readonly ConcurrentDictionary<string, PendingLink> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, SpotifyLink> _links = new();

    public SpotifyOptions Options => options.Value;

    internal SpotifyClient Client => client;

    public SpotifyLink? Get(Guid sessionId) => _links.GetValueOrDefault(sessionId);

    /// <summary>Starts an authorization for the session: the URL the host's browser opens at Spotify.</summary>
    public string Start(Guid sessionId, string code, string redirectUri)
    {
        var now = time.GetUtcNow();
        foreach (var (state, pending) in _pending)
        {
            // One authorization per session at a time; expired ones go too.
            if (pending.SessionId == sessionId || pending.ExpiresAt <= now) _pending.TryRemove(state, out _);
        }

        if (_pending.Count >= MaxPending) throw Errors.Busy();
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48)); // 64 characters, RFC 7636 allows 43–128
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var newState = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        _pending[newState] = new PendingLink(sessionId, code, verifier, redirectUri, now + options.Value.LinkTimeout);
        return client.AuthorizeUrl(newState, challenge, redirectUri);
    }

    /// <summary>The authorization with this state, removed so it cannot be used twice; null when unknown or expired.</summary>
    public PendingLink? Take(string? state)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 100 || !_pending.TryRemove(state, out var pending)) return null;
        return pending.ExpiresAt > time.GetUtcNow() ? pending : null;
    }

    /// <summary>Exchanges the code (with the verifier), reads the account and its devices, and links the session.</summary>
    public async Task<SpotifyLink> CompleteAsync(PendingLink pending, string code, CancellationToken ct)
    {
        var tokens = await client.ExchangeCodeAsync(code, pending.Verifier, pending.RedirectUri, ct);
        var account = await client.GetAccountAsync(tokens.AccessToken, ct);
        var link = new SpotifyLink(pending.SessionId, pending.Code, account, tokens, this, time);
        try
        {
            // The device shown to the host; a failure here is only a missing name.
            var devices = await client.GetDevicesAsync(tokens.AccessToken, ct);
            link.DeviceName = devices.FirstOrDefault(d => d.IsActive)?.Name;
            if (link.DeviceName is null) link.Problem = ProblemOf(new SpotifyCallException(SpotifyFailure.NoDevice, "No active device."));
        }
        catch (SpotifyCallException e)
        {
            LogCallFailed(pending.Code, "devices", e.Failure, e.Message);
        }

        if (!account.IsPremium)
        {
            link.Problem = new SpotifyProblem(ErrorCodes.SpotifyPremiumRequired,
                $"Playback control needs Spotify Premium; this account is \"{account.Product}\". Searching still works.");
        }

        if (_links.TryRemove(pending.SessionId, out var previous)) await previous.DisposeAsync();
        _links[pending.SessionId] = link;
        link.Start();
        LogLinked(pending.Code, account.Product);
        return link;
    }

    /// <summary>Forgets the session's tokens and stops following its playback. False when it was not linked.</summary>
    public async Task<bool> UnlinkAsync(Guid sessionId)
    {
        if (!_links.TryRemove(sessionId, out var link)) return false;
        await link.DisposeAsync();
        LogUnlinked(link.Code);
        return true;
    }

    /// <summary>
    /// Runs a Web API call with the link's access token: not before a Retry-After passed, refreshing
    /// an expired token first, and once more after a 401. A refused refresh (revoked consent) unlinks.
    /// </summary>
    public async Task<T> CallAsync<T>(SpotifyLink link, Func<string, Task<T>> call, CancellationToken ct)
    {
        var tokens = link.Tokens ?? throw new SpotifyCallException(SpotifyFailure.InvalidGrant, "The Spotify link was revoked.");
        var now = time.GetUtcNow();
        if (link.RetryAt > now) throw new SpotifyCallException(SpotifyFailure.RateLimited, "Spotify asked to wait.", link.RetryAt - now);
        try
        {
            if (tokens.ExpiresAt <= now.AddMinutes(1)) tokens = await RefreshAsync(link, tokens, ct);
            try
            {
                return await call(tokens.AccessToken);
            }
            catch (SpotifyCallException e) when (e.Failure == SpotifyFailure.Unauthorized)
            {
                tokens = await RefreshAsync(link, tokens, ct);
                return await call(tokens.AccessToken);
            }
        }
        catch (SpotifyCallException e) when (e.Failure == SpotifyFailure.RateLimited)
        {
            link.RetryAt = time.GetUtcNow() + (e.RetryAfter ?? options.Value.DefaultRetryAfter);
            throw;
        }
        catch (SpotifyCallException e) when (e.Failure is SpotifyFailure.InvalidGrant or SpotifyFailure.Unauthorized)
        {
            // A refresh token Spotify refuses, or a fresh access token it still refuses: the host must link again.
            link.Revoke();
            LogRevoked(link.Code);
            throw new SpotifyCallException(SpotifyFailure.InvalidGrant, e.Message);
        }
    }

    /// <summary>The host-facing problem of a failed call.</summary>
    public SpotifyProblem ProblemOf(SpotifyCallException e)
    {
        var now = time.GetUtcNow();
        return e.Failure switch
        {
            SpotifyFailure.NoDevice => new SpotifyProblem(ErrorCodes.SpotifyNoDevice,
                "No Spotify device is active: open Spotify on the phone, computer or speaker that should play, then press play again."),
            SpotifyFailure.PremiumRequired => new SpotifyProblem(ErrorCodes.SpotifyPremiumRequired,
                "Spotify only lets Premium accounts control playback. Searching still works."),
            SpotifyFailure.InvalidGrant or SpotifyFailure.Unauthorized => new SpotifyProblem(ErrorCodes.SpotifyUnlinked,
                "Spotify access was revoked or expired: press \"Link Spotify\" again. The session keeps playing without it."),
            SpotifyFailure.RateLimited => RateLimited(e.RetryAfter ?? options.Value.DefaultRetryAfter, now),
            SpotifyFailure.Unavailable => new SpotifyProblem(ErrorCodes.SpotifyUnavailable, "Spotify is not answering right now; the next change tries again."),
            SpotifyFailure.Refused => new SpotifyProblem(ErrorCodes.SpotifyRefused, $"Spotify refused: {e.Message}"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _links.Keys) await UnlinkAsync(id);
    }

    private static SpotifyProblem RateLimited(TimeSpan wait, DateTimeOffset now)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        return new SpotifyProblem(ErrorCodes.SpotifyRateLimited, $"Spotify asked Huddle to wait {seconds} s; the latest change is sent then.",
            (now + wait).ToUnixTimeMilliseconds(), seconds);
    }

    private async Task<SpotifyTokens> RefreshAsync(SpotifyLink link, SpotifyTokens stale, CancellationToken ct)
    {
        await link.RefreshGate.WaitAsync(ct);
        try
        {
            // Another call refreshed while this one waited: use its tokens.
            if (link.Tokens is { } current && !ReferenceEquals(current, stale)) return current;
            if (link.Tokens is null) throw new SpotifyCallException(SpotifyFailure.InvalidGrant, "The Spotify link was revoked.");
            var fresh = await client.RefreshAsync(stale.RefreshToken, ct);
            link.Tokens = fresh;
            LogRefreshed(link.Code);
            return fresh;
        }
        finally
        {
            link.RefreshGate.Release();
        }
    }

    [LoggerMessage(EventId = Log.SpotifyLinked, Level = LogLevel.Information, Message = "Session {Code}: Spotify linked ({Product} account)")]
    private partial void LogLinked(string code, string product);

    [LoggerMessage(EventId = Log.SpotifyUnlinked, Level = LogLevel.Information, Message = "Session {Code}: Spotify unlinked")]
    private partial void LogUnlinked(string code);

    [LoggerMessage(EventId = Log.SpotifyTokenRefreshed, Level = LogLevel.Debug, Message = "Session {Code}: Spotify access token refreshed")]
    private partial void LogRefreshed(string code);

    [LoggerMessage(EventId = Log.SpotifyRefreshRefused, Level = LogLevel.Warning, Message = "Session {Code}: Spotify refused the refresh token (consent revoked); unlinked")]
    private partial void LogRevoked(string code);

    [LoggerMessage(EventId = Log.SpotifyCallFailed, Level = LogLevel.Warning, Message = "Session {Code}: Spotify {Call} failed ({Failure}): {Reason}")]
    internal partial void LogCallFailed(string code, string call, SpotifyFailure failure, string reason);

    [LoggerMessage(EventId = Log.SpotifyFollowFailed, Level = LogLevel.Error, Message = "Session {Code}: following the session on Spotify failed")]
    internal partial void LogFollowFailed(Exception e, string code);
}

/// <summary>An authorization under way: which session, and the PKCE verifier to send with the code.</summary>
public sealed record PendingLink(Guid SessionId, string Code, string Verifier, string RedirectUri, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"PendingLink {{ Code = {Code} }}"; // never the verifier
}
