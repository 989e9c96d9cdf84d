fn main() {
    println!("topolint {}", topolint::VERSION);
}
