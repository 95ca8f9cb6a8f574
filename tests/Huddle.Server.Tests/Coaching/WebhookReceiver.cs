using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>
/// A webhook receiver as a coach would run one: a real Kestrel server on a loopback port that takes
/// <c>POST /{path}</c>, checks each delivery's signature with its own reference implementation of the
/// documented scheme (HMAC-SHA256 over <c>"{X-Huddle-Timestamp}.{raw body}"</c>, hex, <c>sha256=</c> prefix,
/// compared in constant time), records what came and answers with the scripted status (200 by default).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentQueue<int> _script = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public sealed record Received(string Path, string Body, string? Timestamp, string? Signature, string? Event, string? Delivery, string? ContentType);

    public string Url(string path) => $"{_app.Urls.First()}/{path}";

    public int Port => new Uri(_app.Urls.First()).Port;

    public IReadOnlyList<Received> All => [.. _received];

    public IReadOnlyList<Received> At(string path) => [.. _received.Where(r => r.Path == "/" + path)];

    /// <summary>The next deliveries get these statuses, in order (then 200 again).</summary>
    public void AnswerNextWith(params int[] statuses)
    {
        foreach (var s in statuses) _script.Enqueue(s);
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.TakeAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The reference verification a receiver runs: the signature matches and the timestamp is within 5 minutes of its own clock.</summary>
    public static bool Verifies(Received r, string secret, DateTimeOffset now)
    {
        if (r.Timestamp is null || r.Signature is null || !long.TryParse(r.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ts)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - ts) > 300) return false;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = "sha256=" + Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{r.Timestamp}.{r.Body}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(r.Signature));
    }

    private async Task TakeAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var h = http.Request.Headers;
        _received.Enqueue(new Received(
            http.Request.Path, body, h["X-Huddle-Timestamp"].FirstOrDefault(), h["X-Huddle-Signature"].FirstOrDefault(), h["X-Huddle-Event"].FirstOrDefault(),
            h["X-Huddle-Delivery"].FirstOrDefault(), http.Request.ContentType));
        var status = _script.TryDequeue(out var s) ? s : 200;
        http.Response.StatusCode = status;
        await http.Response.WriteAsync(status == 200 ? "thanks" : $"receiver says no ({status})\u0007");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
