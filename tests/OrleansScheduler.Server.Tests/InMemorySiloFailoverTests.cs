using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemorySiloFailoverTests(ITestOutputHelper output) : SiloFailoverTests(() => new InMemoryClusterStorage(), output);
