using Huddle.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Huddle.Server.Infrastructure;

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
    };

    public static ProblemDetails From(HuddleException e) => Create(StatusOf(e.Kind), e.Code, e.Message);

    public static ProblemDetails Create(int status, string code, string detail) => new()
    {
        Status = status,
        Title = code.Replace('_', ' '),
        Detail = detail,
        Type = $"https://huddle.invalid/errors/{code}",
        Extensions = { ["code"] = code },
    };

    /// <summary>Writes a problem for a HuddleException, a bad request, or anything else (as a bare 500, no stack trace).</summary>
    public sealed partial class Handler(IProblemDetailsService problems, ILogger<Handler> log) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (exception is RateLimitedException limited)
            {
                http.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                exception = limited.ToHuddle();
            }

            var problem = exception switch
            {
                HuddleException e => From(e),
                BadHttpRequestException e when e.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                    Create(413, "payload_too_large", "The request body is too large."),
                BadHttpRequestException => Create(400, "invalid_input", "The request could not be read: check the JSON body and parameters."),
                _ => null,
            };
            if (problem is null)
            {
                LogUnhandled(exception, http.Request.Method, http.Request.Path);
                problem = Create(500, "internal_error", "Something went wrong on the server.");
            }

            http.Response.StatusCode = problem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = null });
        }

        [LoggerMessage(EventId = 1900, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
        private partial void LogUnhandled(Exception exception, string method, string path);
    }
}
