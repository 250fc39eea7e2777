using System.Net;
using System.Text;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Cli.Tests.Infrastructure;

/// <summary>A gateway stand-in on a random localhost port that answers every request with one status and ProblemDetails body, e.g. the 503 of a cluster that cannot serve.</summary>
public sealed class FailingGateway : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    /// <summary>Starts answering every request with <paramref name="status"/> and a problem titled <paramref name="title"/>.</summary>
    public FailingGateway(int status, string title)
    {
        Url = $"http://127.0.0.1:{FreePort.Next()}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        byte[] body = Encoding.UTF8.GetBytes($$"""{"status":{{status}},"title":"{{title}}","detail":"No silo answered in time."}""");
        _serving = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/problem+json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
    }

    /// <summary>The stand-in's URL.</summary>
    public string Url { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
