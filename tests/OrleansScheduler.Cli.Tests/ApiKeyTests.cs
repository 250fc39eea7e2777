using OrleansScheduler.Cli.Tests.Infrastructure;

namespace OrleansScheduler.Cli.Tests;

/// <summary><c>--api-key</c> against a gateway that requires one.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string Key = "cli-test-key", ReadKey = "cli-read-key";
    private readonly KestrelSilo _silo = new(new Dictionary<string, string?>
    {
        ["Scheduler:ApiKey"] = Key,
        ["Scheduler:ApiKeys:viewer:Key"] = ReadKey,
        ["Scheduler:ApiKeys:viewer:Role"] = "read",
    });

    public Task InitializeAsync()
    {
        _silo.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task without_the_key_the_401_is_printed_with_a_hint_and_exits_2_and_with_it_the_command_runs()
    {
        var refused = (await CliRun.RunAsync("", "--gateway", _silo.Url, "silos")).ExitsWith(ExitCodes.Refused);
        Assert.Contains("401", refused.Error);
        Assert.Contains("--api-key", refused.Error);

        (await CliRun.RunAsync("", "--gateway", _silo.Url, "--api-key", Key, "silos")).ExitsWith(ExitCodes.Ok);
    }

    [Fact]
    public async Task a_read_key_lists_but_its_403_on_a_submit_is_printed_with_the_role_it_needs_and_exits_2()
    {
        (await CliRun.RunAsync("", "--gateway", _silo.Url, "--api-key", ReadKey, "silos")).ExitsWith(ExitCodes.Ok);

        var refused = (await CliRun.RunAsync("", "--gateway", _silo.Url, "--api-key", ReadKey, "submit", "echo", "1")).ExitsWith(ExitCodes.Refused);

        Assert.Contains("403", refused.Error);
        Assert.Contains("This API key has the read role", refused.Error);
        Assert.Contains("use a key with the admin role", refused.Error);
        Assert.DoesNotContain(ReadKey, refused.Error);
    }
}
