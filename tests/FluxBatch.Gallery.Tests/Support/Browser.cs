using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace FluxBatch.Gallery.Tests.Support;

/// <summary>
/// Debian's chromium driven through Debian's chromedriver (package chromium-driver, the same version as the browser)
/// with Selenium's W3C WebDriver client: clicks, keys, localStorage and downloads as a person makes them. Both paths
/// are given, so Selenium Manager never looks for (or downloads) a driver or a browser; SE_OFFLINE makes sure.
/// Pages are file:// only, a fresh profile per browser, background networking off.
/// </summary>
internal sealed class Browser : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _profile = Directory.CreateTempSubdirectory("fluxbatch-webdriver-");

    public Browser()
    {
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        Downloads = Directory.CreateDirectory(Path.Combine(_profile.FullName, "downloads")).FullName;
        var driverPath = FindDriver();
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = HeadlessChromium.Executable };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1400,1000", "--hide-scrollbars",
            $"--user-data-dir={Path.Combine(_profile.FullName, "profile")}");
        options.AddUserProfilePreference("download.default_directory", Downloads);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        Driver.ExecuteCdpCommand("Browser.setDownloadBehavior", new Dictionary<string, object?> { ["behavior"] = "allow", ["downloadPath"] = Downloads });
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where "Export picks" lands.</summary>
    public string Downloads { get; }

    /// <summary>Opens a page (with an optional #fragment) and waits until its script has drawn it.</summary>
    public void Open(string page, string fragment = "")
    {
        Driver.Navigate().GoToUrl(new Uri(Path.GetFullPath(page)).AbsoluteUri + fragment);
        WaitUntil(d => d.FindElement(By.TagName("body")).GetAttribute("data-rendered") == "true", "the page to render");
    }

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public IReadOnlyList<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    public void Press(string key) => new OpenQA.Selenium.Interactions.Actions(Driver).SendKeys(key).Perform();

    public object? Script(string script, params object[] arguments) => Driver.ExecuteScript(script, arguments);

    /// <summary>Waits (polling, up to 30 s) for a condition of the page; a timeout names what was awaited.</summary>
    public T WaitUntil<T>(Func<IWebDriver, T> condition, string what)
    {
        var wait = new WebDriverWait(Driver, Patience) { Message = "waited for " + what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    /// <summary>The one file the page downloaded (waits until it is complete).</summary>
    public string WaitForDownload(string name) =>
        WaitUntil(_ =>
        {
            var path = Path.Combine(Downloads, name);
            return File.Exists(path) && !Directory.EnumerateFiles(Downloads, "*.crdownload").Any() ? path : null;
        }, "the download of " + name)!;

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        _profile.Delete(recursive: true);
    }

    private static string FindDriver()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("FLUXBATCH_CHROMEDRIVER");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return fromEnvironment;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        var candidate = path.Select(dir => Path.Combine(dir, "chromedriver")).Append("/usr/lib/chromium/chromedriver").FirstOrDefault(File.Exists);
        return candidate ?? throw new InvalidOperationException(
            "chromedriver is not installed: the contact sheet is tested by driving a real browser. Install it with " +
            "`apt-get install -y chromium-driver` (.ci/run does), or set FLUXBATCH_CHROMEDRIVER to a chromedriver binary.");
    }
}
