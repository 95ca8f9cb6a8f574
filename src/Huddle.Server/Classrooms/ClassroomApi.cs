using System.Globalization;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Http;
using Huddle.Server.Limits;
using Huddle.Server.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huddle.Server.Classrooms;

/// <summary>The classroom kind's REST door: the host's CSV export of every question (SPEC §4).</summary>
public static class ClassroomApi
{
    public static IEndpointRouteBuilder MapClassroom(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions").WithTags("Classroom");
        group.MapGet($"/{SessionsApi.CodeRoute}/questions.csv", ExportCsv)
            .Produces<string>(200, "text/csv")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(429);
        group.MapGet($"/{SessionsApi.CodeRoute}/polls.csv", ExportPollsCsv)
            .Produces<string>(200, "text/csv")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(429);
        return app;
    }

    /// <summary>
    /// Every question (open, pending, answered, hidden) with its votes, status, author — or
    /// "anonymous" — and times, as RFC 4180 CSV in UTF-8 (with a byte-order mark, so spreadsheet
    /// programs read accents right). Host only, by <c>X-Participant-Token</c>; works after the
    /// session ended (within retention). Read from the classroom tables with SQL.
    /// </summary>
    private static async Task<IResult> ExportCsv(
        string code, SessionService sessions, IClassroomStore store, FailedAttemptLimiter failures, HttpContext http, CancellationToken ct)
    {
        var session = await HostSessionAsync(code, sessions, failures, http, "questions", ct);
        var rows = await store.ExportQuestionsAsync(session.Id, ct);
        var csv = Csv.Write(
            ["question_id", "text", "status", "pinned", "votes", "author", "asked_at", "edited_at", "answered_at"],
            rows.Select(r => new[]
            {
                r.ItemId, r.Text, r.Status, r.Pinned ? "true" : "false", r.Votes.ToString(CultureInfo.InvariantCulture),
                r.Anonymous ? "anonymous" : r.AuthorName ?? "", Time(r.AskedAt), Time(r.EditedAt), Time(r.AnsweredAt),
            }));
        return Csv.File(http, $"questions-{session.Code}.csv", csv);
    }

    /// <summary>
    /// Every poll with each answer (one row per answer; a poll nobody answered: one row without an answer),
    /// the second file of the export: the answer as the option texts (a rating: its value; open text: the
    /// text), whether a quiz answer was right, and the answerer — "anonymous" unless the poll was named.
    /// </summary>
    private static async Task<IResult> ExportPollsCsv(
        string code, SessionService sessions, IClassroomStore store, FailedAttemptLimiter failures, HttpContext http, CancellationToken ct)
    {
        var session = await HostSessionAsync(code, sessions, failures, http, "polls", ct);
        var rows = await store.ExportPollsAsync(session.Id, ct);
        var csv = Csv.Write(
            ["poll_id", "kind", "question", "status", "answer", "correct", "participant", "answered_at"],
            rows.Select(r => new[]
            {
                r.PollId, r.Kind, r.Question, r.Status, AnswerText(r),
                r.Correct is { } c && r.Choices is [var chosen] ? (chosen == c ? "true" : "false") : "",
                r.Choices is null ? "" : r.Named ? r.AnswererName ?? "" : "anonymous", Time(r.AnsweredAt),
            }));
        return Csv.File(http, $"polls-{session.Code}.csv", csv);
    }

    private static string AnswerText(PollAnswerRow r) => r switch
    {
        { Choices: null } => "",
        { Text: { } text } => text,
        { Kind: "rating" } => string.Join(" | ", r.Choices.Select(c => c.ToString(CultureInfo.InvariantCulture))),
        _ => string.Join(" | ", r.Choices.Select(c => c >= 0 && c < r.Options.Count ? r.Options[c] : "")),
    };

    /// <summary>The session of <paramref name="code"/> when the caller's <c>X-Participant-Token</c> is its host's.</summary>
    private static async Task<SessionRef> HostSessionAsync(
        string code, SessionService sessions, FailedAttemptLimiter failures, HttpContext http, string what, CancellationToken ct)
    {
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        failures.EnsureAllowed(ip);
        var token = http.Request.Headers[SessionsApi.ParticipantTokenHeader].ToString();
        var tokenHash = string.IsNullOrEmpty(token) ? null : Secrets.HashToken(token);
        var session = await sessions.ReadByCodeAsync(code, s =>
        {
            s.EnsureQuestionKind();
            var caller = tokenHash is null ? null : s.FindByTokenHash(tokenHash);
            if (caller is not { Role: Role.Host })
                throw Errors.NotAllowed($"Only the host can export the {what}: send the host's participant token in {SessionsApi.ParticipantTokenHeader}.");
            return new SessionRef(s.Id, s.Code);
        }, ct);
        if (session is null)
        {
            await failures.RecordFailureAsync(ip);
            throw Errors.SessionNotFound();
        }

        return session;
    }

    private sealed record SessionRef(Guid Id, string Code);

    private static string Time(long? unixMs) =>
        unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "";
}
