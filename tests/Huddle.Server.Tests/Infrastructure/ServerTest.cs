namespace Huddle.Server.Tests.Infrastructure;

/// <summary>A test class whose tests each get their own fresh server (xunit makes one instance per test).</summary>
public abstract class ServerTest(IDictionary<string, string?>? settings = null, TimeProvider? time = null) : IAsyncLifetime
{
    protected HuddleServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await HuddleServer.StartAsync(settings, time);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
