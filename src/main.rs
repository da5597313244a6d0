use std::path::Path;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.len() == 3 && args[1] == thidua::workbook::WORKER_COMMAND {
        std::process::exit(thidua::workbook::worker_main(Path::new(&args[2])));
    }
}
