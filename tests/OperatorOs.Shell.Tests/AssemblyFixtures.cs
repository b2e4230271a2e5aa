// One host-written database for the whole run; each test copies it.
[assembly: AssemblyFixture(typeof(OperatorOs.Shell.Tests.HostDatabase))]
