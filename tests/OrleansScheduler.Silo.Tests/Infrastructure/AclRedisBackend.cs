using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// A real redis-server whose <c>default</c> user is off and whose scheduler users have exactly the rules
/// docs/security.md gives (read from it, so the page and the test cannot drift), each with a password of its
/// own; plus an admin user the tests read <c>ACL LOG</c> with. The silos log in as <see cref="SiloUser"/>.
/// </summary>
public sealed class AclRedisBackend : ClusterBackend
{
    /// <summary>The users docs/security.md defines, for the silos and for gateways.</summary>
    public const string SiloUser = "osched", GatewayUser = "osched-gateway";

    private const string AdminUser = "acl-admin";
    private readonly string _adminPassword = Secret("admin");
    private RedisServer? _redis;

    /// <summary>The silos' password: random, so a test can search the logs for it.</summary>
    public string SiloPassword { get; } = Secret("silo");

    /// <summary>The gateways' password.</summary>
    public string GatewayPassword { get; } = Secret("gateway");

    /// <summary>A configuration string that logs in as <paramref name="user"/> with <paramref name="password"/>.</summary>
    public string ConnectionString(string user, string password) =>
        $"127.0.0.1:{_redis?.Port ?? throw new InvalidOperationException("The server has not started.")},user={user},password={password}";

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string?>> StartAsync()
    {
        List<string> arguments = ["--user", "default", "off", "--user", AdminUser, "on", ">" + _adminPassword, "~*", "&*", "+@all"];
        foreach (var (user, rules) in DocumentedUsers())
            arguments.AddRange(["--user", user, "on", ">" + (user == GatewayUser ? GatewayPassword : SiloPassword), .. rules]);
        _redis = new RedisServer { Options = new RedisServerOptions { Arguments = arguments, IsReady = IsReadyAsync } };
        await _redis.InitializeAsync();
        return new Dictionary<string, string?>
        {
            ["Scheduler:Redis"] = ConnectionString(SiloUser, SiloPassword),
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        };
    }

    /// <summary>
    /// The commands, keys and channels Redis refused so far (<c>ACL LOG</c>), each as <c>user reason object</c>, e.g.
    /// <c>osched command config|get</c>. Failed logins (reason <c>auth</c>, a wrong password) are a test's own doing, not a missing rule.
    /// </summary>
    public async Task<IReadOnlyList<string>> RefusalsAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(ConnectionString(AdminUser, _adminPassword));
        var log = await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("ACL", "LOG");
        return [.. ((RedisResult[])log!).Select(entry => entry.ToDictionary())
            .Where(e => (string?)e["reason"] != "auth")
            .Select(e => $"{e["username"]} {e["reason"]} {e["object"]}")];
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
    }

    /// <summary>The <c>user … on &gt;password rules…</c> lines of docs/security.md, as each user's rules.</summary>
    private static IEnumerable<(string User, string[] Rules)> DocumentedUsers()
    {
        var users = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "security.md"))
            .Where(line => line.StartsWith("user osched", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(words => (words[1], words.Skip(2).Where(w => w != "on" && !w.StartsWith('>')).ToArray()))
            .ToList();
        if (users.Count != 2) throw new InvalidOperationException($"docs/security.md should define the users {SiloUser} and {GatewayUser}; found {users.Count} user lines.");
        return users;
    }

    /// <summary>Whether the server answers PING once logged in as the admin (the default user, which a plain PING uses, is off).</summary>
    private async Task<bool> IsReadyAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {AdminUser} {_adminPassword}\r\nPING\r\n"), timeout.Token);
            var seen = new StringBuilder();
            var buffer = new byte[64];
            while (!seen.ToString().Contains("+PONG", StringComparison.Ordinal))
            {
                int read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0) return false;
                seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            return true;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string Secret(string what) => $"{what}-{Guid.NewGuid():N}";
}
