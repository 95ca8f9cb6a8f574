using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Huddle.Core;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Realtime;

/// <summary>
/// The JSON hub protocol, with one change: SignalR rejects a call with the wrong arguments or to an
/// unknown method before any hub filter runs, in an error without a code. Those errors leave with
/// a code like every other rejection (<c>invalid_arguments</c>, <c>unknown_method</c>), in the
/// same <c>HubException: code: message</c> form clients already parse.
/// </summary>
public sealed class CodedHubProtocol(IHubProtocol inner) : IHubProtocol
{
    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public static IServiceCollection Use(IServiceCollection services)
    {
        services.RemoveAll<IHubProtocol>();
        services.AddSingleton<IHubProtocol>(sp => new CodedHubProtocol(new JsonHubProtocol(sp.GetRequiredService<IOptions<JsonHubProtocolOptions>>())));
        return services;
    }

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    /// <summary>
    /// SignalR's JSON reader stops at 64 levels of nesting and then closes the connection. A call
    /// whose arguments nest deeper is answered like any other bad argument list instead
    /// (<c>invalid_arguments</c>), and the connection stays open. The inner parser has already
    /// consumed the message (up to its record separator) when it throws.
    /// </summary>
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input;
        try
        {
            return inner.TryParseMessage(ref input, binder, out message);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException
            && Header(before.Slice(0, before.Length - input.Length)) is { Type: 1 or 4 } header)
        {
            message = new InvocationBindingFailureMessage(header.InvocationId, header.Target ?? "",
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(new InvalidDataException("The arguments could not be read: " + e.Message, e)));
            return true;
        }
    }

    /// <summary>The message's type, invocation id and target, read past any nesting (the message is at most the hub's size limit).</summary>
    private static (int Type, string? InvocationId, string? Target)? Header(ReadOnlySequence<byte> message)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(message, new System.Text.Json.JsonReaderOptions { MaxDepth = int.MaxValue });
            if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject) return null;
            int? type = null;
            string? id = null, target = null;
            while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "type" && reader.TokenType == System.Text.Json.JsonTokenType.Number) type = reader.GetInt32();
                else if (name == "invocationId" && reader.TokenType == System.Text.Json.JsonTokenType.String) id = reader.GetString();
                else if (name == "target" && reader.TokenType == System.Text.Json.JsonTokenType.String) target = reader.GetString();
                else reader.Skip();
            }

            return type is { } t ? (t, id, target) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(WithCode(message), output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(WithCode(message));

    public static string? CodeFor(string error) =>
        error.Contains("HubException: ", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(error, "HubException: [a-z_]+:")
            ? null
            : error.Contains("Method does not exist", StringComparison.Ordinal) || error.StartsWith("Unknown hub method", StringComparison.Ordinal)
                ? ErrorCodes.UnknownMethod
                : error.StartsWith("Failed to invoke", StringComparison.Ordinal) ? ErrorCodes.InvalidArguments : null;

    private static HubMessage WithCode(HubMessage message)
    {
        if (message is not CompletionMessage { Error: { } error } completion) return message;
        var text = CodeFor(error) switch
        {
            ErrorCodes.UnknownMethod => error.Replace("HubException: Method does not exist.", "", StringComparison.Ordinal).TrimEnd()
                + " HubException: unknown_method: No hub method has this name (docs/protocol.md §3.4).",
            ErrorCodes.InvalidArguments => error.TrimEnd()
                + " HubException: invalid_arguments: The arguments do not match the method: one JSON object argument, or none (docs/protocol.md §3.4).",
            _ => null,
        };
        return text is null ? message : CompletionMessage.WithError(completion.InvocationId!, text);
    }
}
