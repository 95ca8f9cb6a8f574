using System.Text.Json;
using System.Text.RegularExpressions;

namespace Huddle.Core.Sessions;

/// <summary>
/// The generic relay's rules (SPEC §5.3): what an event may be called and carry. Relay events are
/// never stored; the hub checks them here, then <see cref="Session.EnsureCanRelay"/> checks the sender.
/// </summary>
public static partial class Relay
{
    /// <summary>Absent data is relayed as JSON null (an undefined element cannot be serialized).</summary>
    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement;

    /// <summary>ASCII only, so characters and bytes agree.</summary>
    public static void ValidateName(string name)
    {
        if (!EventName().IsMatch(name))
            throw Errors.Invalid(ErrorCodes.InvalidEventName, "eventName must match ^[a-z0-9][a-z0-9:_-]{0,63}$.");
    }

    /// <summary>
    /// Checks an event's data and returns what every receiver gets: a copy that outlives the request,
    /// JSON null for absent data. Refuses data larger than <see cref="HuddleLimits.RelayDataMaxBytes"/>
    /// (<c>event_too_large</c>) and text a JSON writer cannot send or the text rules refuse (<c>invalid_input</c>).
    /// </summary>
    public static JsonElement ValidateData(JsonElement data, HuddleLimits limits)
    {
        var relayed = data.ValueKind == JsonValueKind.Undefined ? Null : data.Clone();
        int size;
        try
        {
            // JSON text may escape an unpaired surrogate ("\ud800") that no JSON writer can send on: it
            // would fail later, in every receiver's connection, and SignalR would close them.
            // The size counted is what every receiver gets (the writer escapes non-ASCII as \uXXXX),
            // not the sender's text, which may be a third of that.
            size = JsonSerializer.SerializeToUtf8Bytes(relayed).Length;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Errors.InvalidInput("'data' must be valid JSON text (no unpaired surrogates).");
        }

        if (size > limits.RelayDataMaxBytes)
            throw Errors.Invalid(ErrorCodes.EventTooLarge, $"Event data must be at most {limits.RelayDataMaxBytes} bytes of JSON.");
        Validate.JsonStrings(StringsIn(relayed), "'data'", "invalid_input", limits.Text);
        return relayed;
    }

    /// <summary>Every string of a JSON value, property names included.</summary>
    private static IEnumerable<string> StringsIn(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(StringsIn),
        JsonValueKind.Object => value.EnumerateObject().SelectMany(p => StringsIn(p.Value).Prepend(p.Name)),
        _ => [],
    };

    [GeneratedRegex(@"^[a-z0-9][a-z0-9:_-]{0,63}\z")]
    private static partial Regex EventName();
}
