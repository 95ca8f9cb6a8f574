namespace Huddle.Server.Tests.Infrastructure;

/// <summary>
/// A test class whose server runs on a fake clock (<see cref="FakeTimeProvider"/>): time, and so the
/// ticker and the sweeper, move only when a test calls <c>Time.Advance</c>.
/// </summary>
public abstract class FakeClockTest : ServerTest
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 20, 0, 0, TimeSpan.Zero);

    protected FakeClockTest(IDictionary<string, string?> settings)
        : this(settings, new FakeTimeProvider(Start))
    {
    }

    private FakeClockTest(IDictionary<string, string?> settings, FakeTimeProvider time)
        : base(settings, time) => Time = time;

    protected FakeTimeProvider Time { get; }
}
