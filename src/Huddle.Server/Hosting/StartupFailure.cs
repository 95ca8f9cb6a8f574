using Microsoft.Extensions.Options;

namespace Huddle.Server.Hosting;

/// <summary>Turns what stopped the server from starting into one line an operator can act on.</summary>
public static class StartupFailure
{
    public static string Describe(Exception e)
    {
        var messages = Flatten(e)
            .SelectMany(x => x is OptionsValidationException options ? options.Failures : [x.Message])
            .Select(m => m.ReplaceLineEndings(" ").Trim())
            .Where(m => m.Length > 0)
            .Distinct()
            .ToList();
        return messages.Count == 0 ? e.GetType().Name : string.Join(" ", messages);
    }

    private static IEnumerable<Exception> Flatten(Exception e) => e switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Flatten),
        OptionsValidationException => [e],
        // Options validated while a service is built arrive wrapped; the wrapper adds nothing.
        { InnerException: OptionsValidationException or AggregateException } => Flatten(e.InnerException),
        _ => [e],
    };
}
