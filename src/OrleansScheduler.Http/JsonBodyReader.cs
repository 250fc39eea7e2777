using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace OrleansScheduler.Http;

/// <summary>
/// Reads a request body as a JSON document, refusing with ProblemDetails what is not one: a
/// missing or non-JSON content type (415), a body over the size limit (413, without reading past
/// the limit), an empty body, invalid UTF-8 or malformed JSON (400).
/// </summary>
internal static class JsonBodyReader
{
    private const string BodyField = "body";
    /// <summary>The field content-type problems are reported under.</summary>
    public const string ContentTypeField = "Content-Type";
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>The parsed body, or the problem to answer with instead (never both).</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var (document, problem, _) = await ReadSizedAsync(request, maxBytes, cancellationToken);
        return (document, problem);
    }

    /// <summary>As <see cref="ReadAsync"/>, with the body's size in bytes, for a route whose limit depends on what the body turns out to be.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem, long Bytes)> ReadSizedAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (ContentTypeProblem(request.ContentType) is { } message)
            return (null, Problems.Invalid("Unsupported content type.", ContentTypeField, message, StatusCodes.Status415UnsupportedMediaType), 0);
        if (request.ContentLength > maxBytes)
            return (null, TooLarge($"The request body is {request.ContentLength} bytes; the limit is {maxBytes}."), 0);

        // Kestrel's own limit would stop a chunked body at ~30 MB; ours is the one that counts.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = maxBytes + 1;

        var body = new MemoryStream((int)Math.Min(request.ContentLength ?? 16 * 1024, maxBytes + 1));
        byte[] chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            // Read at most one byte past the limit: enough to know it was exceeded, never the whole flood.
            while (body.Length <= maxBytes)
            {
                int want = (int)Math.Min(chunk.Length, maxBytes + 1 - body.Length);
                int read = await request.Body.ReadAsync(chunk.AsMemory(0, want), cancellationToken);
                if (read == 0) break;
                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (body.Length > maxBytes) return (null, TooLarge($"The request body is over the limit of {maxBytes} bytes."), 0);

        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        if (bytes.Span.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        if (bytes.IsEmpty) return (null, Malformed("The request body is empty; expected a JSON object."), 0);
        if (!Utf8.IsValid(bytes.Span)) return (null, Malformed("The request body is not valid UTF-8."), 0);
        try
        {
            return (JsonDocument.Parse(bytes, DocumentOptions), null, body.Length);
        }
        catch (JsonException e)
        {
            return (null, Malformed($"The request body is not valid JSON: {e.Message}"), 0);
        }
    }

    /// <summary>Why <paramref name="contentType"/> is not JSON in UTF-8, or null when it is.</summary>
    public static string? ContentTypeProblem(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return "The request has no Content-Type; send application/json.";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
            return $"Content-Type '{Text.Clip(contentType)}' cannot be parsed; send application/json.";
        bool json = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                    || mediaType.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        if (!json) return $"Content-Type '{Text.Clip(contentType)}' is not supported; send application/json.";
        if (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return $"charset '{Text.Clip(mediaType.Charset.Value)}' is not supported; JSON must be UTF-8.";
        return null;
    }

    /// <summary>The 413 for a body over a route's limit.</summary>
    public static IResult TooLarge(string message) =>
        Problems.Invalid("The request is too large.", BodyField, message, StatusCodes.Status413PayloadTooLarge);

    private static IResult Malformed(string message) => Problems.Invalid("The request body is not a JSON document.", BodyField, message);
}
