using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansScheduler.Bench;

/// <summary>
/// The real silo program (gateway only: no workers) on Kestrel at a free 127.0.0.1 port in this
/// process, storing in Redis under its own key prefix, so HTTP figures include the real network stack.
/// </summary>
public sealed class GatewaySilo(string redis, string keyPrefix) : WebApplicationFactory<Program>
{
    /// <summary>Starts the server and returns a client whose base address is it.</summary>
    public HttpClient Start()
    {
        UseKestrel(0);
        StartServer();
        return CreateClient();
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The factory guesses the content root from the solution layout (and guesses wrong for src/);
        // the silo needs no files from it, so the harness's own directory will do.
        builder.UseContentRoot(AppContext.BaseDirectory);
        // UseSetting is visible while Program registers services (it picks the store from Scheduler:Redis).
        builder.UseSetting("Scheduler:Redis", redis);
        builder.UseSetting("Scheduler:RedisStore:KeyPrefix", keyPrefix);
        builder.UseSetting("Scheduler:RunWorkers", "false");
        builder.UseSetting("Scheduler:DrainTimeout", "00:00:01");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
    }
}
