using BenchmarkDotNet.Attributes;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Huddle.Benchmarks;

/// <summary>
/// What the server does per commit and per join before anything reaches a socket: map the session
/// to wire DTOs (Contracts/Dtos.cs) and write the SignalR JSON frame, with the protocol options
/// the hub uses (AddJsonProtocol defaults). A group send serializes a frame once for all members.
/// </summary>
[MemoryDiagnoser]
public class PayloadBenchmarks
{
    private static readonly JsonHubProtocol Protocol = new(Options.Create(new JsonHubProtocolOptions()));
    private Session _session = null!;

    [Params(10, 1000)]
    public int Participants { get; set; }

    [GlobalSetup]
    public void Setup() => _session = Jam.Create(Participants, queued: 50, played: 20, Jam.Catalog(1000));

    [Benchmark(Description = "queueUpdated: map + frame, 50 items")]
    public int QueueUpdated() => QueueUpdatedFrame(_session).Length;

    [Benchmark(Description = "snapshot: map + completion frame")]
    public int Snapshot() => SnapshotFrame(_session, Participants).Length;

    public static ReadOnlyMemory<byte> QueueUpdatedFrame(Session session) =>
        Protocol.GetMessageBytes(new InvocationMessage("queueUpdated", [new QueueUpdatedEvent(session.Version, session.QueueDto())]));

    public static ReadOnlyMemory<byte> SnapshotFrame(Session session, int participants) =>
        Protocol.GetMessageBytes(CompletionMessage.WithResult("1", session.Snapshot(Jam.Id(participants - 1), "token-of-the-caller", 0, TimeSpan.FromSeconds(30))));
}
