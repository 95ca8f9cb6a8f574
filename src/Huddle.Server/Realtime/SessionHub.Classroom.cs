using System.Text.Json;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using static Huddle.Server.Realtime.HubRequests;

namespace Huddle.Server.Realtime;

public sealed record AskRequest(string? Text, bool? Anonymous);

public sealed record EditQuestionRequest(string? ItemId, string? Text);

public sealed record UpvoteRequest(string? ItemId, int? Value);

/// <summary>
/// The classroom kind's hub methods (SPEC §5.1 <c>AskQuestion</c>, <c>EditQuestion</c>,
/// <c>MarkAnswered</c>, <c>PinQuestion</c>, <c>HideQuestion</c>, <c>ApproveQuestion</c>, plus
/// <c>DeleteQuestion</c> and <c>UpvoteQuestion</c>). In other kinds they answer <c>not_supported</c>.
/// </summary>
public sealed partial class SessionHub
{
    /// <summary>Asks a question (anonymous if asked and allowed); answers it as the author sees it.</summary>
    public Task<QuestionDto> AskQuestion(JsonElement request)
    {
        var ask = Parse<AskRequest>(request);
        var itemId = Secrets.NewId("qn_");
        var (_, me) = Require();
        return Mutate(
            (s, actor, now) => s.AskQuestion(actor, ask.Text, ask.Anonymous ?? false, itemId, now),
            s => s.Classroom!.Find(itemId)!.ToDto(s.Classroom, me));
    }

    public Task EditQuestion(JsonElement request)
    {
        var edit = Parse<EditQuestionRequest>(request);
        var itemId = Required(edit.ItemId, "itemId");
        return Mutate((s, me, now) => s.EditQuestion(me, itemId, edit.Text, now));
    }

    public Task DeleteQuestion(JsonElement request)
    {
        var itemId = Required(Parse<ItemRequest>(request).ItemId, "itemId");
        return Mutate((s, me, now) => s.DeleteQuestion(me, itemId, now));
    }

    /// <summary><c>value</c> 1 upvotes, 0 clears; answers the question's new score.</summary>
    public Task<UpvoteResultDto> UpvoteQuestion(JsonElement request)
    {
        var upvote = Parse<UpvoteRequest>(request);
        var itemId = Required(upvote.ItemId, "itemId");
        var value = Required(upvote.Value, "value");
        return Mutate((s, me, _) => s.UpvoteQuestion(me, itemId, value), s => new UpvoteResultDto(itemId, value, s.Classroom!.Find(itemId)?.Score ?? 0));
    }

    public Task ApproveQuestion(JsonElement request)
    {
        var itemId = Required(Parse<ItemRequest>(request).ItemId, "itemId");
        return Mutate((s, me, now) => s.ApproveQuestion(me, itemId, now));
    }

    public Task MarkAnswered(JsonElement request)
    {
        var itemId = Required(Parse<ItemRequest>(request).ItemId, "itemId");
        return Mutate((s, me, now) => s.MarkAnswered(me, itemId, now));
    }

    /// <summary>Pins the question (replacing the pinned one); <c>itemId</c> null unpins.</summary>
    public Task PinQuestion(JsonElement request)
    {
        var itemId = Parse<ItemRequest>(request).ItemId;
        if (itemId is not null) Required(itemId, "itemId");
        return Mutate((s, me, _) => s.PinQuestion(me, itemId));
    }

    public Task HideQuestion(JsonElement request)
    {
        var itemId = Required(Parse<ItemRequest>(request).ItemId, "itemId");
        return Mutate((s, me, now) => s.HideQuestion(me, itemId, now));
    }
}
