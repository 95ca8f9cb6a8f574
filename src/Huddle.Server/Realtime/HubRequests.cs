using System.Text.Json;
using System.Text.Json.Serialization;
using Huddle.Core;
using Huddle.Server.Contracts;

namespace Huddle.Server.Realtime;

// Hub methods take their payload as raw JSON and parse it here, so a malformed argument becomes
// a clear invalid_input error instead of SignalR's generic binding failure.

public sealed record JoinRequest(string? Code, string? Name, string? ParticipantToken, string? DeviceId);

public sealed record CatalogRequest(string? CatalogId);

public sealed record VoteRequest(string? ItemId, int? Value);

public sealed record ItemRequest(string? ItemId);

public sealed record PinRequest(string? ItemId, bool? Pinned);

public sealed record PlaybackRequest(bool? IsPlaying, double? PositionSeconds);

public sealed record RecommendationsRequest(int? Limit, int? Seed);

public sealed record ParticipantRequest(string? ParticipantId);

public sealed record RoleRequest(string? ParticipantId, string? Role);

public sealed record BroadcastRequest(string? EventName, JsonElement Data);

public static class HubRequests
{
    private static readonly JsonSerializerOptions Options = WireJson.HubArguments;

    public static T Parse<T>(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            throw Errors.InvalidInput("The argument must be a JSON object.");
        try
        {
            return payload.Deserialize<T>(Options) ?? throw Errors.InvalidInput("The argument must be a JSON object.");
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : "argument";
            throw Errors.InvalidInput($"'{field}' has the wrong type.");
        }
    }

    public static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw Errors.InvalidInput($"'{field}' is required.") : value;

    public static T Required<T>(T? value, string field)
        where T : struct =>
        value ?? throw Errors.InvalidInput($"'{field}' is required.");
}
