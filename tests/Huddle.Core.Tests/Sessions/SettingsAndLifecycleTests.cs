using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Sessions;

public class SettingsAndLifecycleTests
{
    private const string Host = JamBuilder.HostId;

    public static TheoryData<SettingsPatch> OutOfRange() =>
    [
        new SettingsPatch(MaxQueueSize: 0),
        new SettingsPatch(MaxQueueSize: -1),
        new SettingsPatch(MaxQueueSize: 51),
        new SettingsPatch(SkipThreshold: 0),
        new SettingsPatch(SkipThreshold: -0.1),
        new SettingsPatch(SkipThreshold: 1.01),
        new SettingsPatch(SkipThreshold: double.NaN),
        new SettingsPatch(MaxParticipants: 1),
        new SettingsPatch(MaxParticipants: 1001),
        // One bad field spoils a patch with good ones: nothing is half-applied.
        new SettingsPatch(AllowVoting: false, MaxQueueSize: 0),
    ];

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void UpdateSettings_OutOfRange_IsRejectedAsInvalidSettings(SettingsPatch patch)
    {
        var jam = JamBuilder.Create();

        HuddleAssert.Rejects(jam.Session, "invalid_settings", () => jam.Session.UpdateSettings(Host, patch));
    }

    [Fact]
    public void UpdateSettings_BoundaryValues_AreAccepted()
    {
        var jam = JamBuilder.Create();

        var events = jam.Do(jam.Session.UpdateSettings(Host, new SettingsPatch(MaxQueueSize: 1, SkipThreshold: 1, MaxParticipants: 1000)));

        Assert.IsType<SettingsChanged>(Assert.Single(events));
        Assert.Equal(1, jam.Session.Settings.MaxQueueSize);
        Assert.Equal(1.0, jam.Session.Settings.SkipThreshold);
        Assert.Equal(1000, jam.Session.Settings.MaxParticipants);
        jam.Do(jam.Session.UpdateSettings(Host, new SettingsPatch(MaxQueueSize: 50, MaxParticipants: 2)));
        Assert.Equal(50, jam.Session.Settings.MaxQueueSize);
        Assert.Equal(2, jam.Session.Settings.MaxParticipants);
    }

    [Fact]
    public void UpdateSettings_Patch_LeavesOtherFieldsAlone()
    {
        var jam = JamBuilder.Create();
        var before = jam.Session.Settings;

        jam.Do(jam.Session.UpdateSettings(Host, new SettingsPatch(AutoPlay: false)));

        Assert.Equal(before with { AutoPlay = false }, jam.Session.Settings);
    }

    [Fact]
    public void SettingsWith_ConfiguredLimits_BoundTheRange()
    {
        var limits = new HuddleLimits { QueueMaxSize = 10, ParticipantsPerSession = 10, ParticipantsHardMax = 20 };
        var settings = SessionSettings.Defaults(limits);

        Assert.Equal(10, settings.With(new SettingsPatch(MaxQueueSize: 10), limits).MaxQueueSize);
        Assert.Equal("invalid_settings", Assert.Throws<HuddleException>(() => settings.With(new SettingsPatch(MaxQueueSize: 11), limits)).Code);
        Assert.Equal("invalid_settings", Assert.Throws<HuddleException>(() => settings.With(new SettingsPatch(MaxParticipants: 21), limits)).Code);
    }

    [Fact]
    public void HuddleLimits_Validate_DefaultsAreValidAndNonsenseIsReported()
    {
        Assert.Empty(new HuddleLimits().Validate());
        Assert.NotEmpty(new HuddleLimits { HistorySize = 0 }.Validate());
        Assert.NotEmpty(new HuddleLimits { ParticipantsPerSession = 2000 }.Validate());
        Assert.NotEmpty(new HuddleLimits { QueueMaxSize = 0 }.Validate());
    }

    [Fact]
    public void EndedSession_EveryMutatingCommand_IsRejectedAsSessionEnded()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Add(Host, "s1");
        jam.Add(Host, "s2");
        jam.PlayNext();
        jam.Do(jam.Session.End(Host, "host", 0));
        var s = jam.Session;

        HuddleAssert.Rejects(s, "session_ended", () => s.AddToQueue(bob, JamBuilder.Song("s3"), "i_s3", 0));
        HuddleAssert.Rejects(s, "session_ended", () => s.Vote(bob, JamBuilder.ItemOf("s2"), 1));
        HuddleAssert.Rejects(s, "session_ended", () => s.RemoveFromQueue(Host, JamBuilder.ItemOf("s2")));
        HuddleAssert.Rejects(s, "session_ended", () => s.PlayNext(Host, 0));
        HuddleAssert.Rejects(s, "session_ended", () => s.UpdatePlayback(Host, false, 1, 0));
        HuddleAssert.Rejects(s, "session_ended", () => s.VoteSkip(bob, 0));
        HuddleAssert.Rejects(s, "session_ended", () => s.UpdateSettings(Host, new SettingsPatch(AutoPlay: false)));
        HuddleAssert.Rejects(s, "session_ended", () => s.SetRole(Host, bob, Role.Moderator));
        HuddleAssert.Rejects(s, "session_ended", () => s.Kick(Host, bob));
        HuddleAssert.Rejects(s, "session_ended", () => s.TransferHost(Host, bob));
        HuddleAssert.Rejects(s, "session_ended", () => s.End(Host, "again", 0));
        HuddleAssert.Rejects(s, "session_ended", () => s.EnsureCanRelay(bob));
    }

    [Fact]
    public void EndedSession_HousekeepingCommands_ReturnNoEvents()
    {
        var jam = JamBuilder.Create();
        var bob = jam.Join("Bob");
        jam.Add(Host, "s1", durationSeconds: 10);
        jam.PlayNext(at: 0);
        jam.Do(jam.Session.End(null, "inactive", 0));
        var s = jam.Session;

        Assert.Empty(s.End(null, "inactive", 1));
        Assert.Empty(s.Leave(bob, 1));
        Assert.Empty(s.SetPresence(bob, false, 1));
        Assert.Empty(s.MigrateHostIfDue(1_000_000, TimeSpan.Zero));
        Assert.Empty(s.AutoAdvanceIfDue(1_000_000));
        Assert.Null(s.AutoAdvanceAt());
    }

    [Fact]
    public void RejectedCommands_LeaveVersionAndQueueUnchanged()
    {
        var jam = JamBuilder.Create(new SettingsPatch(MaxQueueSize: 2));
        var bob = jam.Join("Bob");
        var first = jam.Add(bob, "s1");
        jam.Add(Host, "s2");
        jam.Vote(Host, first, 1);
        var version = jam.Session.Version;
        var queue = jam.QueueIds();
        var s = jam.Session;

        // A spread of rejections; each one must leave the aggregate exactly as it was.
        HuddleAssert.Rejects(s, "queue_full", () => s.AddToQueue(bob, JamBuilder.Song("s3"), "i_s3", 0));
        HuddleAssert.Rejects(s, "duplicate_song", () => s.AddToQueue(bob, JamBuilder.Song("s1"), "i_x", 0));
        HuddleAssert.Rejects(s, "invalid_vote", () => s.Vote(bob, first, 2));
        HuddleAssert.Rejects(s, "not_allowed", () => s.PlayNext(bob, 0));
        HuddleAssert.Rejects(s, "not_allowed", () => s.RemoveFromQueue(bob, JamBuilder.ItemOf("s2")));
        HuddleAssert.Rejects(s, "nothing_playing", () => s.UpdatePlayback(Host, true, 0, 0));
        HuddleAssert.Rejects(s, "nothing_playing", () => s.VoteSkip(bob, 0));
        HuddleAssert.Rejects(s, "invalid_settings", () => s.UpdateSettings(Host, new SettingsPatch(MaxQueueSize: 0)));
        HuddleAssert.Rejects(s, "invalid_name", () => s.Join("", null, "p_x", "hash-x", 0, out _));

        Assert.Equal(version, s.Version);
        Assert.Equal(queue, jam.QueueIds());
        Assert.Equal(1, s.FindItem(first)!.Score);
    }

    [Fact]
    public void EnsureCanRelay_KickedOrUnknown_IsRejected()
    {
        var jam = JamBuilder.Create(kind: SessionKind.Room);
        var bob = jam.Join("Bob");
        var cy = jam.Join("Cy");
        jam.Do(jam.Session.Kick(Host, cy));

        jam.Session.EnsureCanRelay(bob);
        Assert.Equal("not_joined", Assert.Throws<HuddleException>(() => jam.Session.EnsureCanRelay(cy)).Code);
        Assert.Equal("not_joined", Assert.Throws<HuddleException>(() => jam.Session.EnsureCanRelay("p_ghost")).Code);
    }

    [Fact]
    public void WireNames_RoundTripKindsAndRoles()
    {
        Assert.Equal("jam", WireNames.Of(SessionKind.Jam));
        Assert.Equal("room", WireNames.Of(SessionKind.Room));
        Assert.Equal("ended", WireNames.Of(SessionStatus.Ended));
        Assert.True(WireNames.TryParseKind(" JAM ", out var kind));
        Assert.Equal(SessionKind.Jam, kind);
        Assert.True(WireNames.TryParseKind("Movie", out kind));
        Assert.Equal(SessionKind.Movie, kind);
        Assert.Equal("movie", WireNames.Of(SessionKind.Movie));
        Assert.True(WireNames.TryParseKind("Classroom", out kind));
        Assert.Equal(SessionKind.Classroom, kind);
        Assert.Equal("classroom", WireNames.Of(SessionKind.Classroom));
        Assert.True(WireNames.TryParseKind("coaching", out kind)); // a known kind; POST /api/sessions refuses it itself
        Assert.Equal(SessionKind.Coaching, kind);
        Assert.Equal("coaching", WireNames.Of(SessionKind.Coaching));
        Assert.False(WireNames.TryParseKind("disco", out _));
        Assert.False(WireNames.TryParseKind(null, out _));
        foreach (var role in Enum.GetValues<Role>())
        {
            Assert.True(WireNames.TryParseRole(WireNames.Of(role), out var parsed));
            Assert.Equal(role, parsed);
        }

        Assert.False(WireNames.TryParseRole("admin", out _));
    }
}
