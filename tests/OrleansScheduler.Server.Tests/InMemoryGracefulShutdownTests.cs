using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryGracefulShutdownTests(ITestOutputHelper output) : GracefulShutdownTests(() => new InMemoryClusterStorage(), output);
