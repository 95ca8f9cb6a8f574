using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Huddle.Core.Coaching;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>The outcome of one POST: whether the receiver took it (2xx), what it answered, or why it was never reached.</summary>
public sealed record WebhookSendResult(bool Delivered, int? StatusCode, string? Error, string? ResponseExcerpt, bool Refused);

/// <summary>
/// Posts signed deliveries, guarded against SSRF where it counts: at connect time. The
/// <see cref="SocketsHttpHandler.ConnectCallback"/> resolves the host itself and connects only to addresses
/// <see cref="WebhookTargets.IsPublic"/> accepts, so a name that resolves (or is re-pointed, DNS rebinding)
/// to loopback or the LAN is refused although its URL looked public. No proxy (it would connect for us),
/// no redirects (a 3xx is an answer, not a new target), no cookies, a whole-delivery timeout, and only the
/// first <see cref="ExcerptBytes"/> of an answer are read.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const int ExcerptBytes = 512;

    private readonly HttpClient _http;
    private readonly WebhookOptions _options;

    public WebhookSender(IOptions<WebhookOptions> options)
    {
        _options = options.Value;
        var allowPrivate = _options.AllowPrivateTargets;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = _options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1), // DNS is looked at again, and checked again
            MaxResponseHeadersLength = 16, // KiB
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Huddle-Webhooks/1");
    }

    public async Task<WebhookSendResult> SendAsync(Webhook hook, WebhookDelivery delivery, DateTimeOffset now, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Huddle-Event", delivery.Event);
        request.Headers.Add("X-Huddle-Delivery", delivery.EventId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(hook.Secret, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            var excerpt = await ExcerptAsync(response, timeout.Token);
            var ok = response.IsSuccessStatusCode;
            var error = ok ? null : code is >= 300 and < 400 ? $"HTTP {code} (redirects are not followed)" : $"HTTP {code}";
            return new(ok, code, error, excerpt, Refused: false);
        }
        catch (HttpRequestException e) when (e.InnerException is TargetRefusedException refused)
        {
            return new(false, null, refused.Message, null, Refused: true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(false, null, $"Timed out after {_options.Timeout.TotalSeconds:0.#} s.", null, Refused: false);
        }
        catch (HttpRequestException e)
        {
            // The message names the failure (connection refused, name not resolved, TLS); never the secret, which is only in a header.
            return new(false, null, Summary($"{e.HttpRequestError}: {e.Message}"), null, Refused: false);
        }
    }

    /// <summary>Connects to the first acceptable address the host resolves to; none acceptable: refused (also the busy-calendar fetcher's guard).</summary>
    internal static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = allowPrivate ? addresses : [.. addresses.Where(WebhookTargets.IsPublic)];
        if (allowed.Length == 0)
            throw new TargetRefusedException(
                $"Refused: {endpoint.Host} resolves to {string.Join(", ", addresses.Take(3).Select(a => a.ToString()))}, not a public address.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[ExcerptBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
        if (read == 0) return null;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return new string([.. text.Select(c => char.IsControl(c) && c is not '\n' and not '\t' ? ' ' : c)]);
    }

    private static string Summary(string error) => error.Length > 300 ? error[..300] : error;

    public void Dispose() => _http.Dispose();

    /// <summary>A target the SSRF rules refused at connect time.</summary>
    internal sealed class TargetRefusedException(string message) : Exception(message);
}
