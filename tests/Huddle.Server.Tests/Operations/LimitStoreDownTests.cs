using System.Net;
using Huddle.Core.Application;
using Huddle.Server.Tests.Infrastructure;
using Huddle.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Huddle.Server.Tests.Operations;

/// <summary>
/// The shared limits store down: the node counts its limits alone (neither every request refused nor
/// no limit at all), says so once in the log, and goes back to the store when it answers again.
/// </summary>
public sealed class LimitStoreDownTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new(LogLevel.Information);
    private readonly FlakyLimitStore _store = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task StoreDown_TheNodeKeepsTheLimitAlone_ThenCountsInTheStoreAgainWhenItAnswers()
    {
        await using var server = await HuddleServer.StartAsync(
            new Dictionary<string, string?> { ["Huddle:RateLimits:ApiRequestsPerMinute"] = "3" }, _time, b =>
            {
                b.Logging.AddProvider(_logs);
                b.Services.AddSingleton<ILimitStore>(_store);
            });
        _store.Down = true;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await server.Http.GetAsync("/api/songs/genres")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Single(_logs.Entries, e => e.Id.Id == 1160);
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains("refused at 10.0.0.1", StringComparison.Ordinal)); // the type only, never the message

        _store.Down = false;
        _time.Advance(TimeSpan.FromMinutes(1)); // past the node's window and its wait before asking the store again
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/songs/genres")).StatusCode);
        Assert.True(_store.Counted > 0);
        Assert.Single(_logs.Entries, e => e.Id.Id == 1161);
    }

    private sealed class FlakyLimitStore : ILimitStore
    {
        private readonly LocalLimitStore _inner = new();

        public volatile bool Down;

        public int Counted;

        public Task<WindowCount> AddAsync(string key, long amount, long now, long windowMs, CancellationToken ct)
        {
            if (Down) throw new TimeoutException("Connection refused at 10.0.0.1");
            Interlocked.Increment(ref Counted);
            return _inner.AddAsync(key, amount, now, windowMs, ct);
        }

        public Task<long> GaugeAsync(string nodeId, string key, int delta, CancellationToken ct) =>
            Down ? throw new TimeoutException("Connection refused at 10.0.0.1") : _inner.GaugeAsync(nodeId, key, delta, ct);
    }
}
