using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Infrastructure;

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

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        inner.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(WithCode(message), output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(WithCode(message));

    public static string? CodeFor(string error) =>
        error.Contains("HubException: ", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(error, "HubException: [a-z_]+:")
            ? null
            : error.Contains("Method does not exist", StringComparison.Ordinal) || error.StartsWith("Unknown hub method", StringComparison.Ordinal)
                ? "unknown_method"
                : error.StartsWith("Failed to invoke", StringComparison.Ordinal) ? "invalid_arguments" : null;

    private static HubMessage WithCode(HubMessage message)
    {
        if (message is not CompletionMessage { Error: { } error } completion) return message;
        var text = CodeFor(error) switch
        {
            "unknown_method" => error.Replace("HubException: Method does not exist.", "", StringComparison.Ordinal).TrimEnd()
                + " HubException: unknown_method: No hub method has this name (docs/protocol.md §3.4).",
            "invalid_arguments" => error.TrimEnd()
                + " HubException: invalid_arguments: The arguments do not match the method: one JSON object argument, or none (docs/protocol.md §3.4).",
            _ => null,
        };
        return text is null ? message : CompletionMessage.WithError(completion.InvocationId!, text);
    }
}
