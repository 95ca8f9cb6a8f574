using Huddle.Core.Coaching;

namespace Huddle.Core.Tests.Coaching;

/// <summary>A coach's limits (notice, horizon, buffers, daily maximum, lengths), decided once for booking, moving and the slot list.</summary>
public class CoachBookingRulesTests
{
    // Monday 2026-03-02 12:00 UTC; the coach is in New York (UTC-5 until 8 March).
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateTimeOffset Wednesday14 = new(2026, 3, 4, 14, 0, 0, TimeSpan.Zero); // 09:00 in New York
    private static readonly CoachingPolicy Policy = new();

    private static TimeInterval Slot(DateTimeOffset start, int minutes = 60) => new(start, start.AddMinutes(minutes));

    private static CoachRules Rules(Func<CoachRules, CoachRules> edit) => edit(CoachRules.Default);

    private static RuleBreak? Check(CoachRules rules, TimeInterval wanted, DateTimeOffset? now = null, params TimeInterval[] others) =>
        CoachBookingRules.Check(rules, NewYork, wanted, now ?? new FakeClock(Now).GetUtcNow(), others);

    [Fact]
    public void Defaults_RefuseNothing()
    {
        Assert.Null(Check(CoachRules.Default, Slot(Now.AddMinutes(1), 45), null, Slot(Now.AddMinutes(46))));
    }

    [Fact]
    public void Lengths_OnlyTheOfferedOnes()
    {
        var rules = Rules(r => r with { Lengths = [30, 60] });

        Assert.Null(Check(rules, Slot(Wednesday14, 30)));
        Assert.Null(Check(rules, Slot(Wednesday14, 60)));
        Assert.Equal(RuleBreak.LengthNotOffered, Check(rules, Slot(Wednesday14, 45)));
        Assert.Equal(ErrorCodes.LengthNotOffered, CoachBookingRules.Error(RuleBreak.LengthNotOffered, rules).Code);
    }

    [Fact]
    public void MinimumNotice_ExactlyTheNotice_IsAllowed_OneMinuteLess_IsNot()
    {
        var rules = Rules(r => r with { MinNoticeMinutes = 24 * 60 });

        Assert.Null(Check(rules, Slot(Now.AddHours(24))));
        Assert.Equal(RuleBreak.TooLittleNotice, Check(rules, Slot(Now.AddHours(24).AddMinutes(-1))));
        // The same slot becomes too close as the clock moves on.
        Assert.Equal(RuleBreak.TooLittleNotice, Check(rules, Slot(Now.AddHours(30)), Now.AddHours(7)));
    }

    [Fact]
    public void Horizon_ExactlyTheHorizon_IsAllowed_Beyond_IsNot()
    {
        var rules = Rules(r => r with { HorizonDays = 14 });

        Assert.Null(Check(rules, Slot(Now.AddDays(14))));
        Assert.Equal(RuleBreak.TooFarAhead, Check(rules, Slot(Now.AddDays(14).AddMinutes(1))));
        Assert.Equal(ErrorCodes.TooFarAhead, CoachBookingRules.Error(RuleBreak.TooFarAhead, rules).Code);
    }

    [Fact]
    public void Buffers_KeepBothSessionsBuffersBetweenThem()
    {
        var rules = Rules(r => r with { BufferBeforeMinutes = 10, BufferAfterMinutes = 15 });
        var other = Slot(Wednesday14); // 14:00–15:00

        // After it: its 15 after + the new one's 10 before = 25 minutes.
        Assert.Equal(RuleBreak.Buffer, Check(rules, Slot(other.End.AddMinutes(24)), null, other));
        Assert.Null(Check(rules, Slot(other.End.AddMinutes(25)), null, other));
        // Before it: the new one's 15 after + its 10 before.
        Assert.Equal(RuleBreak.Buffer, Check(rules, Slot(other.Start.AddMinutes(-84)), null, other));
        Assert.Null(Check(rules, Slot(other.Start.AddMinutes(-85)), null, other));
        // An exact overlap is the store's slot_taken, not a buffer.
        Assert.Null(Check(rules, Slot(Wednesday14), null, other));
    }

    [Fact]
    public void DailyMaximum_CountsSessionsOnTheCoachsLocalDate()
    {
        var rules = Rules(r => r with { MaxSessionsPerDay = 2 });
        // Wednesday 23:00 New York is Thursday 04:00 UTC: still Wednesday for the coach.
        var late = Slot(new DateTimeOffset(2026, 3, 5, 4, 0, 0, TimeSpan.Zero));
        var thursday = Slot(new DateTimeOffset(2026, 3, 5, 14, 0, 0, TimeSpan.Zero));

        Assert.Null(Check(rules, thursday, null, Slot(Wednesday14), late));
        Assert.Equal(RuleBreak.DailyLimit, Check(rules, Slot(Wednesday14.AddHours(3)), null, Slot(Wednesday14), late));
        Assert.Null(Check(rules, Slot(Wednesday14.AddHours(3)), null, Slot(Wednesday14)));
    }

    [Fact]
    public void SlotList_OffersNothingTheRulesRefuse()
    {
        var rules = Rules(r => r with { MinNoticeMinutes = 48 * 60, BufferAfterMinutes = 30, MaxSessionsPerDay = 2, HorizonDays = 3 });
        var weekdays = new CoachAvailability(NewYork,
            [.. Enumerable.Range(1, 5).Select(d => new WeeklyWindow((DayOfWeek)d, new DayWindow(9 * 60, 13 * 60)))], []);
        var busy = new[] { Slot(Wednesday14) }; // Wednesday 09:00–10:00 New York

        var slots = SlotFinder.FreeSlots(weekdays, Now, Now.AddDays(7), 60, busy, Now, rules);

        // Monday is inside the 48 h notice, Tuesday before 12:00 UTC too; Wednesday 10:00 is inside the
        // buffer; a second session on Wednesday fills it after one more; Friday is past the 3-day horizon.
        Assert.All(slots, s => Assert.Null(CoachBookingRules.Check(rules, NewYork, s, Now, busy)));
        Assert.DoesNotContain(slots, s => s.Start < Now.AddHours(48) || s.Start > Now.AddDays(3));
        Assert.DoesNotContain(Slot(Wednesday14.AddHours(1)), slots);
        Assert.Contains(Slot(Wednesday14.AddHours(2)), slots);
        Assert.NotEmpty(slots);
    }

    [Theory]
    [InlineData(-1, 0, 0, 0, 0)]
    [InlineData(0, 241, 0, 0, 0)]
    [InlineData(0, 0, -5, 0, 0)]
    [InlineData(0, 0, 0, 49, 0)]
    [InlineData(0, 0, 0, 0, 181)]
    [InlineData(3 * 24 * 60, 0, 0, 0, 3)]
    public void Validated_OutOfRange_IsInvalidCoachRules(int notice, int before, int after, int perDay, int horizon)
    {
        var rules = Rules(r => r with
        {
            MinNoticeMinutes = notice, BufferBeforeMinutes = before, BufferAfterMinutes = after, MaxSessionsPerDay = perDay, HorizonDays = horizon,
        });

        Assert.Equal(ErrorCodes.InvalidCoachRules, Assert.Throws<HuddleException>(() => CoachBookingRules.Validated(rules, Policy)).Code);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(245)]
    [InlineData(32)]
    public void Validated_BadLength_IsInvalidCoachRules(int length)
    {
        var rules = Rules(r => r with { Lengths = [30, length] });

        Assert.Equal(ErrorCodes.InvalidCoachRules, Assert.Throws<HuddleException>(() => CoachBookingRules.Validated(rules, Policy)).Code);
    }

    [Fact]
    public void Validated_SortsLengths_AndRefusesDuplicatesAndTooMany()
    {
        Assert.Equal([30, 60], CoachBookingRules.Validated(Rules(r => r with { Lengths = [60, 30] }), Policy).Lengths);
        Assert.Throws<HuddleException>(() => CoachBookingRules.Validated(Rules(r => r with { Lengths = [30, 30] }), Policy));
        Assert.Throws<HuddleException>(() => CoachBookingRules.Validated(Rules(r => r with { Lengths = [15, 20, 25, 30, 35, 40, 45] }), Policy));
    }

    [Fact]
    public void ListedLength_FallsBackToTheShortestOffered()
    {
        var rules = Rules(r => r with { Lengths = [30, 90] });

        Assert.Equal(90, CoachBookingRules.ListedLength(rules, 90));
        Assert.Equal(30, CoachBookingRules.ListedLength(rules, 60));
        Assert.Equal(60, CoachBookingRules.ListedLength(CoachRules.Default, 60));
    }
}
