namespace Huddle.Server.Http;

/// <summary>Reading a third-party server's answer without letting it fill memory (Subsonic, Jellyfin).</summary>
public static class CappedBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/> (the rest is not read).</summary>
    public static async Task<byte[]?> ReadAsync(HttpResponseMessage response, int maxBytes, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > maxBytes) return null;
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
