using Huddle.Core;
using Huddle.Server.Observability;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Huddle.Server.Http;

/// <summary>RFC 9457 problem details with a stable <c>code</c> extension, for every REST error.</summary>
public static partial class Problems
{
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.NotAllowed => StatusCodes.Status403Forbidden,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Gone => StatusCodes.Status410Gone,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
    };

    /// <summary>
    /// Gives the framework's own problems (404 unknown route, 405, 415, 401/403 from authorization,
    /// status-code pages) the same stable <c>code</c> as Huddle's, and counts every error response.
    /// </summary>
    public static void Configure(ProblemDetailsOptions options) => options.CustomizeProblemDetails = context =>
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (!problem.Extensions.TryGetValue("code", out var code) || code is not string)
        {
            var fallback = CodeOf(status);
            problem.Extensions["code"] = fallback;
            problem.Type ??= $"https://huddle.invalid/errors/{fallback}";
            code = fallback;
        }

        context.HttpContext.RequestServices.GetService<HuddleMetrics>()?.HttpError((string)code!);
    };

    /// <summary>The code of an error response that no Huddle code explains.</summary>
    public static string CodeOf(int status) => status switch
    {
        400 => ErrorCodes.InvalidInput,
        401 => ErrorCodes.Unauthorized,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        405 => ErrorCodes.MethodNotAllowed,
        406 => ErrorCodes.NotAcceptable,
        408 => ErrorCodes.RequestTimeout,
        411 => ErrorCodes.LengthRequired,
        413 => ErrorCodes.PayloadTooLarge,
        414 => ErrorCodes.UriTooLong,
        415 => ErrorCodes.UnsupportedMediaType,
        431 => ErrorCodes.HeadersTooLarge,
        429 => ErrorCodes.RateLimited,
        503 => ErrorCodes.Unavailable,
        >= 500 => ErrorCodes.InternalError,
        _ => ErrorCodes.Error,
    };

    /// <summary>The error's problem; string-keyed primitive entries of its <c>Data</c> become extension members (e.g. <c>feeCents</c>).</summary>
    public static ProblemDetails From(HuddleException e)
    {
        var problem = Create(StatusOf(e.Kind), e.Code, e.Message);
        foreach (System.Collections.DictionaryEntry entry in e.Data)
        {
            if (entry.Key is string key && key != "code" && entry.Value is string or long or int or bool)
                problem.Extensions[key] = entry.Value;
        }

        return problem;
    }

    public static ProblemDetails Create(int status, string code, string detail) => new()
    {
        Status = status,
        Title = code.Replace('_', ' '),
        Detail = detail,
        Type = $"https://huddle.invalid/errors/{code}",
        Extensions = { ["code"] = code },
    };

    /// <summary>
    /// Writes the error's problem where no exception can reach the handler (an authentication scheme's
    /// challenge or forbid): the same status, code and shape as a thrown one.
    /// </summary>
    public static async Task WriteAsync(HttpContext http, HuddleException error)
    {
        http.Response.StatusCode = StatusOf(error.Kind);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = From(error) });
    }

    /// <summary>Writes a problem for a HuddleException, a bad request, or anything else (as a bare 500, no stack trace).</summary>
    public sealed partial class Handler(IProblemDetailsService problems, ILogger<Handler> log) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (exception is RateLimitedException limited)
            {
                http.RequestServices.GetService<HuddleMetrics>()?.RateLimited(limited.Limiter);
                http.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                exception = limited.ToHuddle();
            }

            var problem = exception switch
            {
                HuddleException e => From(e),
                BadHttpRequestException e when e.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                    Create(413, ErrorCodes.PayloadTooLarge, "The request body is too large."),
                BadHttpRequestException e when e.StatusCode == StatusCodes.Status415UnsupportedMediaType =>
                    Create(415, ErrorCodes.UnsupportedMediaType, "Send the body as JSON (Content-Type: application/json)."),
                BadHttpRequestException => Create(400, ErrorCodes.InvalidInput, "The request could not be read: check the JSON body and parameters."),
                _ => null,
            };
            if (problem is not null && exception is HuddleException rejected) LogRejected(http.Request.Method, http.Request.Path, rejected.Code);
            if (problem is null)
            {
                LogUnhandled(exception, http.Request.Method, http.Request.Path);
                problem = Create(500, ErrorCodes.InternalError, "Something went wrong on the server.");
            }

            http.Response.StatusCode = problem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = null });
        }

        [LoggerMessage(EventId = Log.RequestRejected, Level = LogLevel.Information, Message = "{Method} {Path} rejected: {Code}")]
        private partial void LogRejected(string method, string path, string code);

        [LoggerMessage(EventId = Log.Unhandled, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
        private partial void LogUnhandled(Exception exception, string method, string path);
    }
}
