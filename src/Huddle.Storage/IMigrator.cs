namespace Huddle.Storage;

/// <summary>A store that brings its schema up to date before the server takes traffic.</summary>
public interface IMigrator
{
    Task MigrateAsync(CancellationToken ct);
}
