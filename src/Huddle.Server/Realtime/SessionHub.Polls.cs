using System.Text.Json;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using static Huddle.Server.Realtime.HubRequests;

namespace Huddle.Server.Realtime;

public sealed record CreatePollRequest(
    string? Kind, string? Question, IReadOnlyList<string?>? Options, int? Correct, bool? AllowChange, bool? Named, bool? ResultsLive);

public sealed record PollRequest(string? PollId);

public sealed record AnswerPollRequest(string? PollId, IReadOnlyList<int>? Choices, string? Text);

public sealed record LeaderboardRequest(string? PollId, bool? Shown);

/// <summary>
/// A classroom's polls: moderators and the host prepare (<c>CreatePoll</c>), <c>LaunchPoll</c>,
/// <c>ClosePoll</c>, <c>DeletePoll</c> and <c>ShowLeaderboard</c>; everyone <c>AnswerPoll</c>s.
/// In other kinds they answer <c>not_supported</c>.
/// </summary>
public sealed partial class SessionHub
{
    /// <summary>Prepares a poll (a draft); answers it as moderators see it.</summary>
    public Task<PollDto> CreatePoll(JsonElement request)
    {
        var create = Parse<CreatePollRequest>(request);
        var pollId = Secrets.NewId("pl_");
        return Mutate(
            (s, me, now) => s.CreatePoll(
                me, pollId, create.Kind, create.Question, create.Options, create.Correct,
                create.AllowChange ?? true, create.Named ?? false, create.ResultsLive ?? true, now),
            s => s.Classroom!.Polls.Find(pollId)!.ToDto(s.Classroom.Polls, staff: true));
    }

    public Task LaunchPoll(JsonElement request)
    {
        var pollId = Required(Parse<PollRequest>(request).PollId, "pollId");
        return Mutate((s, me, now) => s.LaunchPoll(me, pollId, now));
    }

    public Task ClosePoll(JsonElement request)
    {
        var pollId = Required(Parse<PollRequest>(request).PollId, "pollId");
        return Mutate((s, me, now) => s.ClosePoll(me, pollId, now));
    }

    public Task DeletePoll(JsonElement request)
    {
        var pollId = Required(Parse<PollRequest>(request).PollId, "pollId");
        return Mutate((s, me, _) => s.DeletePoll(me, pollId));
    }

    /// <summary>Answers (or changes the answer to) an open poll; answers the caller's answer as stored.</summary>
    public Task<MyPollAnswerDto> AnswerPoll(JsonElement request)
    {
        var answer = Parse<AnswerPollRequest>(request);
        var pollId = Required(answer.PollId, "pollId");
        var (_, me) = Require();
        return Mutate(
            (s, actor, now) => s.AnswerPoll(actor, pollId, answer.Choices, answer.Text, now),
            s => s.Classroom!.Polls.Find(pollId)!.MyAnswerDto(me)!);
    }

    /// <summary>Shows (<c>shown</c> true) or hides the quiz leaderboard to participants, with a closed quiz.</summary>
    public Task ShowLeaderboard(JsonElement request)
    {
        var show = Parse<LeaderboardRequest>(request);
        var pollId = Required(show.PollId, "pollId");
        var shown = Required(show.Shown, "shown");
        return Mutate((s, me, _) => s.ShowLeaderboard(me, pollId, shown));
    }
}
