using System.Text.Json;
using System.Text.Json.Serialization;

namespace Huddle.Server.Contracts;

/// <summary>
/// The JSON clients see, one definition for both doors: REST bodies and hub payloads are the same DTOs,
/// so they must serialize alike (web defaults: camelCase, case-insensitive reading; enums as strings).
/// Stored JSON is deliberately not this: stored commits (<c>SessionEventJson</c>) keep their own frozen
/// options so a change here can never make old rows unreadable; TMDB's replies are snake_case (<c>TmdbJson</c>).
/// </summary>
public static class WireJson
{
    /// <summary>For a body or element Huddle reads itself (outside model binding).</summary>
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// Hub arguments: the wire options, but a number must be a JSON number (web defaults also read "5"),
    /// so a hub call is refused with <c>invalid_input</c> rather than guessed at.
    /// </summary>
    public static readonly JsonSerializerOptions HubArguments = new(Options) { NumberHandling = JsonNumberHandling.Strict };

    /// <summary>Applies the wire settings to options the framework owns (HTTP JSON, the hub protocol).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
