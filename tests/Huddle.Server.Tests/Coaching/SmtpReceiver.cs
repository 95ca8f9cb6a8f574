using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>
/// A real SMTP server over TCP on a loopback port (the SmtpServer library, in-process) that parses what it
/// receives with MimeKit. The port is chosen before the server runs, so a test can point Huddle at it
/// while it is still down, then start it.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly Channel<MimeMessage> _received = Channel.CreateUnbounded<MimeMessage>();
    private CancellationTokenSource? _running;
    private Task? _server;

    public SmtpReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    /// <summary>Messages received and not yet taken by <c>NextAsync</c>.</summary>
    public int Waiting => _received.Reader.Count;

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(_received.Writer));
        _running = new CancellationTokenSource();
        _server = new SmtpServer.SmtpServer(options, services).StartAsync(_running.Token);
        // Listening once it greets (the library binds asynchronously).
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port);
                var greeting = new byte[3];
                await tcp.GetStream().ReadExactlyAsync(greeting);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The next message received (waits for it; a generous bound only so a broken test ends).</summary>
    public async Task<MimeMessage> NextAsync()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(bound.Token);
    }

    public async Task<List<MimeMessage>> NextAsync(int count)
    {
        var messages = new List<MimeMessage>();
        for (var i = 0; i < count; i++) messages.Add(await NextAsync());
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        if (_running is not { } running) return;
        _running = null;
        await running.CancelAsync();
        try
        {
            await _server!;
        }
        catch (OperationCanceledException)
        {
        }

        running.Dispose();
    }

    private sealed class Store(ChannelWriter<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            received.TryWrite(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
