namespace OrleansScheduler.Executors.Http;

/// <summary>The result of a successful <c>http</c> task, stored as its JSON result.</summary>
/// <param name="Status">The response's status code.</param>
/// <param name="ContentType">The response's <c>Content-Type</c>, or null.</param>
/// <param name="Body">The body: parsed JSON when the content type is JSON and it parses, else text.</param>
/// <param name="Truncated">True when the body was longer than <see cref="HttpExecutorOptions.MaxResponseBytes"/> and only that much was read.</param>
public sealed record HttpTaskResult(int Status, string? ContentType, object Body, bool Truncated);
