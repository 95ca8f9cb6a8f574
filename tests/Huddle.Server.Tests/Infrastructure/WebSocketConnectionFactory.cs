using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Huddle.Server.Tests.Infrastructure;

/// <summary>
/// The feed lacks Microsoft.AspNetCore.Http.Connections.Client, so the .NET HubConnection gets
/// its transport from here: a plain ClientWebSocket to the hub URL (no negotiate step), bridged
/// to the pipes SignalR reads and writes.
/// </summary>
public sealed class WebSocketConnectionFactory(SourceAddress? source = null) : IConnectionFactory
{
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var uri = ((UriEndPoint)endpoint).Uri;
        var ws = new ClientWebSocket();
        var target = new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws" }.Uri;
        if (source?.Address is { } local)
        {
            // Another client IP on loopback (all of 127.0.0.0/8 is local on Linux): bind the socket's source address.
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, ct) =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                    try
                    {
                        socket.Bind(new IPEndPoint(local, 0));
                        await socket.ConnectAsync(context.DnsEndPoint, ct);
                        return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            await ws.ConnectAsync(target, new HttpMessageInvoker(handler, disposeHandler: false), cancellationToken);
        }
        else
        {
            await ws.ConnectAsync(target, cancellationToken);
        }

        return new WebSocketConnection(ws);
    }

    private sealed class WebSocketConnection : ConnectionContext
    {
        private readonly ClientWebSocket _socket;
        private readonly Pipe _incoming = new();
        private readonly Pipe _outgoing = new();
        private readonly CancellationTokenSource _closed = new();
        private readonly Task _receiving;
        private readonly Task _sending;

        public WebSocketConnection(ClientWebSocket socket)
        {
            _socket = socket;
            Transport = new Duplex(_incoming.Reader, _outgoing.Writer);
            _receiving = ReceiveAsync();
            _sending = SendAsync();
        }

        public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

        public override IDuplexPipe Transport { get; set; }

        public override void Abort(ConnectionAbortedException abortReason) => _closed.Cancel();

        public override async ValueTask DisposeAsync()
        {
            await _outgoing.Writer.CompleteAsync();
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }

            await _closed.CancelAsync();
            await Task.WhenAll(_receiving, _sending).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
            _socket.Dispose();
            _closed.Dispose();
            await base.DisposeAsync();
        }

        private async Task ReceiveAsync()
        {
            try
            {
                while (!_closed.IsCancellationRequested)
                {
                    var memory = _incoming.Writer.GetMemory(4096);
                    var result = await _socket.ReceiveAsync(memory, _closed.Token);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    _incoming.Writer.Advance(result.Count);
                    var flush = await _incoming.Writer.FlushAsync();
                    if (flush.IsCompleted) break;
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
            finally
            {
                await _incoming.Writer.CompleteAsync();
            }
        }

        private async Task SendAsync()
        {
            try
            {
                while (true)
                {
                    var read = await _outgoing.Reader.ReadAsync(_closed.Token);
                    foreach (var segment in read.Buffer)
                    {
                        await _socket.SendAsync(segment, WebSocketMessageType.Text, endOfMessage: true, _closed.Token);
                    }

                    _outgoing.Reader.AdvanceTo(read.Buffer.End);
                    if (read.IsCompleted) break;
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
            finally
            {
                await _outgoing.Reader.CompleteAsync();
            }
        }

        private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
        {
            public PipeReader Input { get; } = input;

            public PipeWriter Output { get; } = output;
        }
    }
}

/// <summary>The local address a test client connects from (null: the default, 127.0.0.1).</summary>
public sealed record SourceAddress(IPAddress? Address);
