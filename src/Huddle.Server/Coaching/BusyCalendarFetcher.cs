using System.Collections.Concurrent;
using System.Text;
using Huddle.Core;
using Huddle.Core.Coaching;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>
/// Reads coaches' external calendars (ICS feeds) into busy intervals: every VEVENT that is not TRANSPARENT nor
/// CANCELLED, recurring ones expanded by Ical.Net over the booking horizon. A feed is fetched with the webhooks'
/// SSRF guard (every connection, redirects included, goes only to public addresses), a timeout and a size cap,
/// and cached per node for <see cref="BusyCalendarOptions.CacheDuration"/>. A feed that fails — unreachable, slow,
/// too large, not a calendar — blocks nothing (booking must never depend on someone else's server) and its error is
/// stored for the coach to see. The URL (it holds the coach's secret token) is never logged nor put in an error.
/// </summary>
public sealed partial class BusyCalendarFetcher : IExternalBusyTimes, IDisposable
{
    /// <summary>At most this many busy times are read from one feed (a runaway RRULE stops here).</summary>
    public const int MaxBusyTimes = 5000;

    private readonly BusyCalendarOptions _options;
    private readonly ICoachCalendarStore _store;
    private readonly IAccountStore _accounts;
    private readonly CoachingPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger<BusyCalendarFetcher> _log;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<Guid, Fetched> _cache = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _fetching = new();

    private sealed record Fetched(DateTimeOffset At, string Url, IReadOnlyList<TimeInterval> Busy);

    public BusyCalendarFetcher(
        IOptions<BusyCalendarOptions> options, ICoachCalendarStore store, IAccountStore accounts, CoachingPolicy policy, TimeProvider time,
        ILogger<BusyCalendarFetcher> log)
    {
        _options = options.Value;
        (_store, _accounts, _policy, _time, _log) = (store, accounts, policy, time, log);
        var allowPrivate = _options.AllowPrivateTargets;
        var handler = new SocketsHttpHandler
        {
            // Redirects are followed: each new connection passes the same address check.
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 3,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = _options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 16, // KiB
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            ConnectCallback = (context, ct) => WebhookSender.ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Huddle-Calendar/1");
    }

    public async Task<IReadOnlyList<TimeInterval>> BusyAsync(Guid coachId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var calendars = await _store.BusyCalendarsAsync(coachId, ct);
        if (calendars.Count == 0) return [];
        var result = new List<TimeInterval>();
        var wanted = new TimeInterval(from, to);
        foreach (var calendar in calendars)
            result.AddRange((await GetAsync(calendar, force: false, ct)).Busy.Where(b => b.Overlaps(wanted)));
        return result;
    }

    /// <summary>Fetches the feed now (a coach just added it), recording the outcome; returns the calendar as stored after it.</summary>
    public async Task<BusyCalendar> RefreshAsync(BusyCalendar calendar, CancellationToken ct)
    {
        await GetAsync(calendar, force: true, ct);
        return (await _store.BusyCalendarsAsync(calendar.CoachId, ct)).FirstOrDefault(c => c.Id == calendar.Id) ?? calendar;
    }

    public void Forget(Guid calendarId) => _cache.TryRemove(calendarId, out _);

    private async Task<Fetched> GetAsync(BusyCalendar calendar, bool force, CancellationToken ct)
    {
        if (!force && Fresh(calendar) is { } cached) return cached;
        var gate = _fetching.GetOrAdd(calendar.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Another request may have fetched it while this one waited: one fetch per feed at a time.
            if (!force && Fresh(calendar) is { } fresh) return fresh;
            var now = _time.GetUtcNow();
            var (busy, error) = await FetchAsync(calendar, now, ct);
            if (error is not null) LogFetchFailed(calendar.Id, calendar.CoachId, error);
            await _store.RecordFetchAsync(calendar.Id, new BusyCalendarFetch(now, error, error is null ? busy.Count : null), ct);
            var entry = new Fetched(now, calendar.Url, busy);
            _cache[calendar.Id] = entry;
            return entry;
        }
        finally
        {
            gate.Release();
        }
    }

    private Fetched? Fresh(BusyCalendar calendar) =>
        _cache.TryGetValue(calendar.Id, out var entry) && entry.Url == calendar.Url && _time.GetUtcNow() - entry.At < _options.CacheDuration ? entry : null;

    private async Task<(IReadOnlyList<TimeInterval> Busy, string? Error)> FetchAsync(BusyCalendar calendar, DateTimeOffset now, CancellationToken ct)
    {
        string text;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            // Network time is real time (the business clock may be fake in tests, and a feed answers in real seconds).
            timeout.CancelAfter(_options.Timeout);
            try
            {
                var (body, error) = await DownloadAsync(calendar.Url, timeout.Token);
                if (error is not null) return ([], error);
                text = body!;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return ([], $"Timed out after {_options.Timeout.TotalSeconds:0.#} s.");
            }
            catch (HttpRequestException e) when (e.InnerException is WebhookSender.TargetRefusedException refused)
            {
                return ([], refused.Message);
            }
            catch (HttpRequestException e)
            {
                return ([], Scrub($"{e.HttpRequestError}: {e.Message}", calendar.Url));
            }
        }

        if (!text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
            return ([], "Not an iCalendar feed (it does not start with BEGIN:VCALENDAR).");
        try
        {
            var zone = (await _accounts.FindCoachAsync(calendar.CoachId, ct))?.Availability.TimeZone ?? TimeZoneInfo.Utc;
            return (Expand(Calendar.Load(text) ?? throw new FormatException("Empty calendar."), zone, now - TimeSpan.FromDays(1), now + _policy.BookingHorizon + TimeSpan.FromDays(1)), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Ical.Net throws several exception types on malformed input; which one does not help the coach.
            return ([], "Not a valid iCalendar feed (it could not be read).");
        }
    }

    private async Task<(string? Body, string? Error)> DownloadAsync(string url, CancellationToken ct)
    {
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode) return (null, $"HTTP {(int)response.StatusCode}");
        if (response.Content.Headers.ContentLength > _options.MaxBytes) return (null, TooLarge());
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (await stream.ReadAsync(chunk, ct) is var n and > 0)
        {
            if (buffer.Length + n > _options.MaxBytes) return (null, TooLarge());
            buffer.Write(chunk, 0, n);
        }

        return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }

    private string TooLarge() => $"The feed is larger than {_options.MaxBytes / 1024} KiB.";

    /// <summary>The busy times of [from, to): opaque, not cancelled events, each occurrence of a recurring one; floating times are the coach's.</summary>
    internal static IReadOnlyList<TimeInterval> Expand(Calendar calendar, TimeZoneInfo coachZone, DateTimeOffset from, DateTimeOffset to)
    {
        var busy = new List<TimeInterval>();
        var options = new EvaluationOptions { MaxUnmatchedIncrementsLimit = 10_000 };
        foreach (var occurrence in calendar.GetOccurrences<CalendarEvent>(new CalDateTime(from.UtcDateTime, "UTC"), options)
                     .TakeWhileBefore(new CalDateTime(to.UtcDateTime, "UTC")))
        {
            if (occurrence.Source is not CalendarEvent e) continue;
            if (string.Equals(e.Transparency, TransparencyType.Transparent, StringComparison.OrdinalIgnoreCase)) continue;
            if (string.Equals(e.Status, EventStatus.Cancelled, StringComparison.OrdinalIgnoreCase)) continue;
            var start = Instant(occurrence.Period.StartTime, coachZone);
            var end = occurrence.Period.EffectiveEndTime is { } endTime ? Instant(endTime, coachZone) : start;
            if (end <= start) continue; // a moment, not a span: it blocks nothing
            busy.Add(new TimeInterval(start, end));
            if (busy.Count == MaxBusyTimes) break;
        }

        return busy;
    }

    private static DateTimeOffset Instant(CalDateTime t, TimeZoneInfo coachZone) =>
        t.IsFloating ? CoachAvailability.LocalToUtc(coachZone, t.Value) : new DateTimeOffset(t.AsUtc, TimeSpan.Zero);

    /// <summary>An HTTP error message could in principle echo the address: never let the secret through.</summary>
    private static string Scrub(string error, string url)
    {
        var scrubbed = error.Replace(url, BusyCalendarUrls.Mask(url), StringComparison.Ordinal);
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.PathAndQuery.Length > 1)
            scrubbed = scrubbed.Replace(uri.PathAndQuery, "/…", StringComparison.Ordinal);
        return scrubbed.Length > 300 ? scrubbed[..300] : scrubbed;
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (var gate in _fetching.Values) gate.Dispose();
    }

    [LoggerMessage(EventId = Log.BusyCalendarFetchFailed, Level = LogLevel.Warning,
        Message = "Busy calendar {CalendarId} of coach {CoachId} could not be read: {Error}; its times block nothing until it can")]
    private partial void LogFetchFailed(Guid calendarId, Guid coachId, string error);
}
