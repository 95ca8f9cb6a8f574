namespace Huddle.Core.Movies;

/// <summary>The movie catalog's error codes (beside <c>invalid_input</c> from <see cref="Errors"/>).</summary>
public static class MovieErrors
{
    public static HuddleException UnknownGenre(int id) =>
        Errors.Invalid(ErrorCodes.UnknownGenre, $"No movie genre has id {id}; GET /api/movies/genres lists them.");

    public static HuddleException UnknownProvider(int id, string region) =>
        Errors.Invalid(ErrorCodes.UnknownProvider,
            $"No streaming provider with id {id} is offered in {region}; GET /api/movies/providers?region={region} lists them.");

    public static HuddleException MovieNotFound(int id) =>
        new(ErrorCodes.MovieNotFound, $"No movie has id {id}.", ErrorKind.NotFound);
}

/// <summary>Why a remote catalog (TMDB) could not answer.</summary>
public enum CatalogFailure
{
    /// <summary>The API key or read access token was rejected (HTTP 401).</summary>
    Unauthorized,

    /// <summary>Still rate-limited (HTTP 429) after the allowed retries.</summary>
    RateLimited,

    /// <summary>Server errors (5xx) after the allowed retries.</summary>
    ServerError,

    /// <summary>No answer within the configured timeout.</summary>
    Timeout,

    /// <summary>The connection failed (DNS, refused, reset).</summary>
    Unreachable,

    /// <summary>The service rejected the request itself (an unexpected 4xx).</summary>
    Rejected,

    /// <summary>The answer could not be read as the documented JSON.</summary>
    InvalidResponse,
}

/// <summary>
/// A remote movie catalog could not answer. Not a user error: the fallback catalog catches it and
/// answers from the offline catalog with a notice, so it reaches a client only if nothing wraps the remote one.
/// </summary>
public sealed class MovieCatalogUnavailableException(CatalogFailure failure, string message, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public CatalogFailure Failure { get; } = failure;

    /// <summary>The HTTP status of the last attempt, when there was one.</summary>
    public int? StatusCode { get; } = statusCode;
}
