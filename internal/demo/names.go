package demo

// Fictional names from many languages, combined at random; no real person's data.
var firstNames = []string{
	"Amara", "Ana", "Aiyana", "Ahmed", "Aleksander", "Alba", "Amir", "Anouk", "Aroha", "Asha", "Ben", "Bianca", "Bo",
	"Camille", "Carlos", "Chen", "Chioma", "Dalia", "Daniel", "Dara", "Diego", "Ebony", "Eitan", "Elif", "Emeka", "Emma",
	"Esther", "Fatima", "Felix", "Freya", "Gabriel", "Grace", "Hana", "Hiroshi", "Ibrahim", "Ines", "Isla", "Ivan",
	"Jamal", "Jana", "Javier", "Jin", "José", "Kai", "Kalani", "Kavya", "Keanu", "Lars", "Layla", "Leila", "Liam", "Lucía",
	"Mai", "Malik", "Maria", "Mateo", "Maya", "Mei", "Mia", "Mohammed", "Nadia", "Naomi", "Nia", "Niko", "Noah", "Nora",
	"Oisín", "Olga", "Omar", "Priya", "Rafael", "Ravi", "Rosa", "Ruth", "Saanvi", "Sami", "Sara", "Sean", "Sofia", "Søren",
	"Tariq", "Thandiwe", "Theo", "Tomás", "Uma", "Valentina", "Wei", "Xavier", "Yara", "Yusuf", "Zainab", "Zoë", "Zuri",
}

var lastNames = []string{
	"Abebe", "Adeyemi", "Alvarez", "Andersen", "Bakker", "Banerjee", "Becker", "Bianchi", "Boateng", "Brennan", "Castillo",
	"Chen", "Cohen", "Costa", "Dąbrowski", "Dimitrov", "Dubois", "Eriksen", "Fernández", "Fischer", "García", "Gómez",
	"Haddad", "Hansen", "Hernández", "Hoang", "Ibáñez", "Ivanova", "Jansen", "Jensen", "Kaur", "Kim", "Kowalski", "Kuznetsov",
	"Lee", "Lima", "López", "Mahlangu", "Martin", "Mensah", "Moreau", "Müller", "Muñoz", "Nakamura", "Nguyen", "Novak",
	"Nowak", "Obi", "Okafor", "O'Brien", "Okonkwo", "Olsen", "Park", "Patel", "Pereira", "Petrov", "Popescu", "Quispe",
	"Rahman", "Ramírez", "Reyes", "Rossi", "Said", "Santos", "Schmidt", "Shah", "Silva", "Singh", "Smith", "Suzuki",
	"Tanaka", "Tran", "Van der Berg", "Vargas", "Wang", "Weber", "Williams", "Wong", "Yamamoto", "Yılmaz", "Zhang", "Zulu",
}

var pronouns = []string{"", "", "she/her", "he/him", "they/them", "she/they", "he/they"}

var tagNames = []string{"Couples", "Evening", "Sliding scale", "EMDR", "Telehealth", "Waitlist", "Referral: GP", "Group alumni"}

var cities = []string{"Springfield", "Riverside", "Fairview", "Lakeside", "Oakdale", "Hillcrest", "Maplewood", "Brookfield"}
