using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrleansScheduler.Executors.Http;

/// <summary>
/// A response body read up to a cap, the rest left unread: the task's result holds it as parsed JSON when the
/// content type is JSON and the whole body parses, else as text.
/// </summary>
/// <param name="Text">The body as text (decoded with the response's charset, UTF-8 by default), scrubbed of secrets.</param>
/// <param name="Truncated">True when the body was longer than the cap.</param>
/// <param name="Json">The parsed body, when it is JSON.</param>
internal sealed record HttpResponseBody(string Text, bool Truncated, JsonElement? Json)
{
    /// <summary>The body for the result: parsed JSON, or text.</summary>
    public object Value => Json is { } json ? json : Text;

    /// <summary>Reads at most <paramref name="maxBytes"/> of <paramref name="content"/>, then one byte more to learn whether there was more.</summary>
    public static async Task<HttpResponseBody> ReadAsync(HttpContent content, int maxBytes, Func<string, string> scrub, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[maxBytes];
        int read = 0;
        while (read < maxBytes)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            read += n;
        }
        bool truncated = read == maxBytes && await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) > 0;
        string text = scrub(EncodingOf(content.Headers.ContentType).GetString(buffer, 0, read));
        return new HttpResponseBody(text, truncated, truncated || !IsJson(content.Headers.ContentType) ? null : TryParse(text));
    }

    /// <summary>True for <c>application/json</c>, <c>text/json</c> and <c>application/*+json</c>.</summary>
    public static bool IsJson(MediaTypeHeaderValue? type) =>
        type?.MediaType is { } media && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static JsonElement? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Encoding EncodingOf(MediaTypeHeaderValue? type)
    {
        try
        {
            return type?.CharSet is { Length: > 0 } charset ? Encoding.GetEncoding(charset.Trim('"')) : Encoding.UTF8;
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}
