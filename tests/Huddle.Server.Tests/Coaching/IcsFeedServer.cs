using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>
/// A coach's calendar provider as the server meets it: a real Kestrel server on a loopback port answering
/// <c>GET /{path}</c> with what the test scripted — a feed, an error status, a body that never comes — and
/// counting the requests. A hanging answer ends when the client gives up or the server is disposed.
/// </summary>
public sealed class IcsFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Answer> _answers = new();
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private readonly CancellationTokenSource _stopping = new();

    private sealed record Answer(int Status, string Body, string ContentType, bool Hang);

    private IcsFeedServer(WebApplication app) => _app = app;

    public string Url(string path) => $"{_app.Urls.First()}/{path}";

    public int Port => new Uri(_app.Urls.First()).Port;

    public int Hits(string path) => _hits.GetValueOrDefault("/" + path);

    public void Serve(string path, string body, int status = 200, string contentType = "text/calendar; charset=utf-8") =>
        _answers["/" + path] = new Answer(status, body, contentType, Hang: false);

    /// <summary>Answers nothing (headers never come) until the client gives up.</summary>
    public void Hang(string path) => _answers["/" + path] = new Answer(200, "", "text/calendar", Hang: true);

    public static async Task<IcsFeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new IcsFeedServer(app);
        app.MapGet("/{**path}", server.AnswerAsync);
        await app.StartAsync();
        return server;
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (!_answers.TryGetValue(path, out var answer))
        {
            http.Response.StatusCode = 404;
            return;
        }

        if (answer.Hang)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = answer.ContentType;
        await http.Response.WriteAsync(answer.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>An RFC 5545 calendar of these VEVENT bodies (each without BEGIN/END), CRLF line ends.</summary>
    public static string Calendar(params string[] events)
    {
        List<string> lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Huddle tests//EN"];
        for (var i = 0; i < events.Length; i++)
            lines.AddRange(["BEGIN:VEVENT", $"UID:event-{i}@test", "DTSTAMP:20260301T000000Z", .. events[i].Split('\n'), "END:VEVENT"]);
        lines.AddRange(["END:VCALENDAR", ""]);
        return string.Join("\r\n", lines);
    }
}
