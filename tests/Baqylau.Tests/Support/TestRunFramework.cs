// xunit's framework plus stopping and deleting this run's throwaway PostgreSQL at the very end (see the class).
[assembly: Xunit.TestFramework("Baqylau.Testing.TestRunFramework", "Baqylau.Testing")]
